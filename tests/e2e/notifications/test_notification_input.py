"""What the notifications service refuses, with a problem+json that says why and nothing changed:
webhook URLs inside the network or without TLS (by default), unknown event kinds, and preferences that
cannot be honoured."""

from typing import Any

import pytest

from shared.auth.principal import Kind
from tests.support.polling import eventually
from tests.support.system import System


async def _refused(response: Any, status: int = 422) -> dict[str, Any]:
    assert response.status == status, await response.text()
    assert response.headers["Content-Type"].startswith("application/problem+json")
    body: dict[str, Any] = await response.json()
    return body


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("https://127.0.0.1/hook", "internal address"),
        ("https://localhost:8443/hook", "internal address"),
        ("https://10.20.30.40/hook", "internal address"),
        ("https://169.254.169.254/latest/meta-data", "internal address"),
        ("https://[::1]/hook", "internal address"),
        ("https://[::127.0.0.1]/hook", "internal address"),
        ("https://[::ffff:10.0.0.1]/hook", "internal address"),
        ("https://[64:ff9b::7f00:1]/hook", "internal address"),
        ("https://[2002:7f00:1::1]/hook", "internal address"),
        ("https://[2001:0:4136:e378:8000:63bf:80ff:fffe]/hook", "internal address"),
        ("http://hooks.omsorg.example/in", "https://"),
        ("https://user:secret@hooks.omsorg.example/in", "user name"),
        ("https://no-such-host.invalid/in", "cannot be resolved"),
    ],
)
async def test_a_webhook_url_inside_the_network_or_without_tls_is_refused(
    system: System, url: str, why: str
) -> None:
    provider = await system.provider_client(await system.register_provider())
    body = {"url": url, "event_types": ["application.approved"]}
    problem = await _refused(await system.client.post("/webhooks", json=body, headers=provider.auth))
    assert any(why in error["message"] for error in problem["errors"]), problem
    listed = await (await system.client.get("/webhooks", headers=provider.auth)).json()
    assert listed["items"] == []


async def test_a_webhook_for_an_event_a_provider_is_not_told_of_is_refused(system: System) -> None:
    provider = await system.provider_client(await system.register_provider())
    body = {"url": "https://hooks.omsorg.example/in", "event_types": ["deviation.reported", "nonsense"]}
    problem = await _refused(await system.client.post("/webhooks", json=body, headers=provider.auth))
    assert [e["location"] for e in problem["errors"]][:2] == ["event_types.0", "event_types.1"]


async def test_webhooks_are_for_providers(system: System) -> None:
    body = {"url": "https://hooks.omsorg.example/in", "event_types": ["application.approved"]}
    await _refused(await system.client.post("/webhooks", json=body, headers=system.staff), 403)


async def test_preferences_that_cannot_be_honoured_change_nothing(system: System) -> None:
    staff = await system.operator(Kind.STAFF, ["boendestod"])
    before = await (await system.client.get("/preferences", headers=staff)).json()
    assert before["language"] == "sv" and before["email_address"] is None
    assert before["channels"]["deviation.reported"] == ["inbox", "email"]
    for body in (
        {"channels": {"deviation.reported": ["webhook"]}},
        {"channels": {"application.approved": ["email"]}},
        {"language": "de"},
        {"email_address": "not an address"},
        {"channels": {"deviation.reported": ["pigeon"]}},
        {"colour": "blue"},
    ):
        await _refused(await system.client.put("/preferences", json=body, headers=staff))
    assert await (await system.client.get("/preferences", headers=staff)).json() == before


async def test_a_provider_sees_only_its_own_notifications(system: System) -> None:
    provider, other = await system.register_provider(), await system.register_provider()
    theirs = await system.submitted_application(provider, "boendestod")
    response = await system.client.post(
        f"/applications/{theirs['id']}/supplement-requests",
        json={"message": "Mer.", "due_date": "2099-01-02"},
        headers=system.staff,
    )
    assert response.status == 201, await response.text()

    async def entry() -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = (
            await (await system.client.get("/notifications", headers=provider.auth)).json()
        )["items"]
        return items

    (told,) = await eventually(entry, what="the provider's entry")
    assert (await system.client.post(f"/notifications/{told['id']}/read", headers=other.auth)).status == 404
    assert (await (await system.client.get("/notifications", headers=other.auth)).json())["items"] == []
