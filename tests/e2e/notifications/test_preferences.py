"""Preferences changed a part at a time: PATCH keeps what it is not given, PUT takes the whole document."""

from typing import Any

from shared.auth.principal import Kind
from tests.support.system import System


async def _send(system: System, method: str, headers: dict[str, str], body: Any, status: int = 200) -> Any:
    response = await system.client.request(method, "/preferences", json=body, headers=headers)
    assert response.status == status, await response.text()
    return await response.json()


async def test_a_staff_member_who_changes_one_channel_keeps_email_and_language(system: System) -> None:
    staff = await system.operator(Kind.STAFF, ["hemtjanst"])
    await _send(system, "PUT", staff, {"email_address": "hand@nacka.example", "language": "en"})

    changed = await _send(system, "PATCH", staff, {"channels": {"deviation.reported": ["inbox"]}})

    assert changed["email_address"] == "hand@nacka.example" and changed["language"] == "en"
    assert changed["channels"]["deviation.reported"] == ["inbox"]
    assert changed["channels"]["application.submitted"] == ["inbox", "email"]
    assert await _send(system, "GET", staff, None) == changed

    again = await _send(system, "PATCH", staff, {"channels": {"application.submitted": ["inbox"]}})
    assert again["channels"]["deviation.reported"] == ["inbox"], "an earlier change stays"
    assert again["channels"]["application.submitted"] == ["inbox"]
    assert again["email_address"] == "hand@nacka.example"


async def test_email_stops_only_when_the_address_is_given_as_null(system: System) -> None:
    staff = await system.operator(Kind.STAFF, ["hemtjanst"])
    await _send(system, "PUT", staff, {"email_address": "borta@nacka.example"})
    kept = await _send(system, "PATCH", staff, {"language": "en"})
    assert kept["email_address"] == "borta@nacka.example" and kept["language"] == "en"
    stopped = await _send(system, "PATCH", staff, {"email_address": None})
    assert stopped["email_address"] is None and stopped["language"] == "en"


async def test_a_patch_that_cannot_be_honoured_changes_nothing(system: System) -> None:
    # A provider's preferences are the organisation's, so an administrator's to change.
    provider = await system.provider_client(await system.register_provider())
    before = await _send(system, "PATCH", provider.auth, {"channels": {"application.approved": ["inbox"]}})
    for body in (
        {"channels": {"application.approved": ["inbox"], "no.such.event": ["inbox"]}},
        {"email_address": "x@omsorg.example"},  # a provider's mail goes to its contact address
        {"channels": {"application.rejected": ["fax"]}},
        {"language": "fi"},
    ):
        await _send(system, "PATCH", provider.auth, body, status=422)
    assert await _send(system, "GET", provider.auth, None) == before
