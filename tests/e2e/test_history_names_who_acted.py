"""A case's history names who acted in every entry: a person by their name and role, and the client they
acted through; an API client by its id (and its role, when its token carries one); a system job by name."""

from typing import Any

from joserfc import jwt

from services.application.keys import TOKEN_SERVER_KEY
from shared.auth.principal import Role
from tests.support.applications import fill_application
from tests.support.people import PORTAL, person_token
from tests.support.polling import eventually
from tests.support.system import System


async def _json(response: Any, status: int) -> Any:
    assert response.status == status, await response.text()
    return await response.json()


def _role_in(token: str, system: System) -> str | None:
    """The role a token issued by the system carries, if any."""
    keys = system.app[TOKEN_SERVER_KEY].keys.public_key_set()
    role = jwt.decode(token, keys).claims.get("role")
    return str(role) if role is not None else None


async def test_a_person_and_a_client_are_each_named_in_the_history_of_a_case(system: System) -> None:
    provider = await system.register_provider("Namngivna AB")
    maja, person = await person_token(system, provider.provider_id, Role.REPORTER, name="Maja Rapportör")

    application = await _json(
        await system.client.post("/applications", json={"area_code": "hemtjanst"}, headers=person), 201
    )
    case = f"/applications/{application['id']}"
    await fill_application(system.client, "", person, application["id"])
    await _json(await system.client.post(f"{case}/submit", headers=person), 200)
    await _json(await system.client.post(f"{case}/withdraw", headers=provider.auth), 200)

    entries = (await _json(await system.client.get(f"{case}/history", headers=provider.auth), 200))["items"]
    assert (await _json(await system.client.get(f"{case}/history", headers=person), 200))["items"] == entries
    by_person = [e for e in entries if e["actor"] == maja.id]
    assert by_person[0]["action"] == "started" and by_person[-1]["action"] == "submitted"
    for entry in by_person:
        assert (entry["actor_name"], entry["actor_role"], entry["actor_client"], entry["actor_kind"]) == (
            "Maja Rapportör",
            "reporter",
            PORTAL,
            "provider",
        )
    withdrawn = entries[-1]
    assert (withdrawn["action"], withdrawn["from_state"], withdrawn["to_state"]) == (
        "withdrawn",
        "submitted",
        "withdrawn",
    )
    assert (withdrawn["actor"], withdrawn["actor_name"], withdrawn["actor_kind"]) == (
        provider.client_id,
        provider.client_id,
        "provider",
    )
    assert withdrawn["actor_role"] == "reporter" == _role_in(provider.token, system)
    assert withdrawn["actor_client"] is None
    assert [*by_person, withdrawn] == entries, "every entry is the person's or the client's"


async def test_a_system_job_is_named_in_the_history_of_a_case(system: System) -> None:
    provider = await system.register_provider("Jobbade AB")
    application = await system.submitted_application(provider)

    async def review_items() -> list[dict[str, Any]]:
        return await system.work_items(f"applications/{application['id']}")

    (item,) = await eventually(review_items, what="the review item")
    (created,) = (
        await _json(await system.client.get(f"/work-items/{item['id']}/history", headers=system.staff), 200)
    )["items"]
    assert (created["actor"], created["actor_name"], created["actor_kind"]) == (
        "notifications-consumer",
        "notifications-consumer",
        "system",
    )
    assert created["actor_role"] is None and created["actor_client"] is None
