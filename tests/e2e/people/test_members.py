"""An organisation's administrators change roles and remove people; the last administrator stays; a person
who loses a role loses the tokens they hold; another organisation's people are not found."""

from functools import partial

import pytest

from services.application.actions.people import OrganisationChoiceNeeded, revoke_person_tokens, standing_of
from services.application.domain.people import NoStanding
from services.application.storage.people import Person
from shared.auth.principal import Kind, Role, Scope
from tests.support.mail import Mailbox
from tests.support.people import add_membership, add_person, login, person_token
from tests.support.polling import eventually
from tests.support.system import System


async def _status(system: System, path: str, headers: dict[str, str]) -> int:
    return (await system.client.get(path, headers=headers)).status


async def test_the_last_administrator_can_be_neither_demoted_nor_removed(
    mailed: tuple[System, Mailbox],
) -> None:
    system, _ = mailed
    provider = await system.register_provider()
    admin_person, admin = await person_token(system, provider.provider_id, Role.ADMINISTRATOR)
    path = f"/providers/me/people/{admin_person.id}"

    demoted = await system.client.patch(path, json={"role": "reader"}, headers=admin)
    assert demoted.status == 409 and demoted.content_type == "application/problem+json"
    removed = await system.client.delete(path, headers=admin)
    assert removed.status == 409
    assert await _status(system, "/people/me", admin) == 200  # nothing was revoked

    second_person, second = await person_token(system, provider.provider_id, Role.ADMINISTRATOR, name="Andra")
    assert (await system.client.patch(path, json={"role": "reader"}, headers=second)).status == 200
    last = await system.client.delete(f"/providers/me/people/{second_person.id}", headers=second)
    assert last.status == 409  # the one administrator left


async def test_a_removed_person_s_token_is_refused_within_seconds(mailed: tuple[System, Mailbox]) -> None:
    system, _ = mailed
    provider = await system.register_provider()
    _, admin = await person_token(system, provider.provider_id, Role.ADMINISTRATOR)
    reporter, reporter_auth = await person_token(
        system, provider.provider_id, Role.REPORTER, name="Rapportören"
    )
    assert await _status(system, "/people/me", reporter_auth) == 200

    removed = await system.client.delete(f"/providers/me/people/{reporter.id}", headers=admin)
    assert removed.status == 204

    async def refused() -> bool:
        return await _status(system, "/people/me", reporter_auth) == 401

    await eventually(refused, timeout=5, what="the removed person's token refused")
    # Reporting and notifications refuse it too, from the revocation's event.
    for path in ("/notifications", "/deviations"):
        await eventually(
            partial(_refused_at, system, path, reporter_auth), timeout=5, what=f"refused at {path}"
        )
    with pytest.raises(NoStanding):
        await login(system, reporter)
    people = await (await system.client.get("/providers/me/people", headers=admin)).json()
    assert reporter.id not in {p["person_id"] for p in people["items"]}


async def _refused_at(system: System, path: str, headers: dict[str, str]) -> bool:
    return await _status(system, path, headers) == 401


async def test_a_demoted_person_gets_a_token_of_the_new_role_only(mailed: tuple[System, Mailbox]) -> None:
    system, _ = mailed
    provider = await system.register_provider()
    first, first_auth = await person_token(system, provider.provider_id, Role.ADMINISTRATOR)
    second, second_auth = await person_token(system, provider.provider_id, Role.ADMINISTRATOR, name="Andra")

    changed = await system.client.patch(
        f"/providers/me/people/{second.id}", json={"role": "reader"}, headers=first_auth
    )
    assert changed.status == 200, await changed.text()
    assert (await changed.json())["role"] == "reader"
    assert await _status(system, "/people/me", second_auth) == 401
    reader_auth = await eventually(lambda: _relogin(system, second), timeout=5, what="a new login")
    assert await _status(system, "/providers/me/people", reader_auth) == 200
    refused = await system.client.patch(
        f"/providers/me/people/{first.id}", json={"role": "reader"}, headers=reader_auth
    )
    assert refused.status == 403
    # A stronger role leaves the tokens held alone.
    promoted = await system.client.patch(
        f"/providers/me/people/{second.id}", json={"role": "reporter"}, headers=first_auth
    )
    assert promoted.status == 200 and await _status(system, "/people/me", reader_auth) == 200


async def test_a_person_revoked_again_loses_the_tokens_issued_since(mailed: tuple[System, Mailbox]) -> None:
    system, _ = mailed
    provider = await system.register_provider()
    person, _ = await person_token(system, provider.provider_id, Role.READER)
    async with system.runtime("application").uow().acting_as("test") as uow:
        await revoke_person_tokens(uow, person.id)
        await uow.commit()
    fresh = await eventually(lambda: _relogin(system, person), timeout=5, what="a new token accepted")
    async with system.runtime("application").uow().acting_as("test") as uow:
        await revoke_person_tokens(uow, person.id)
        await uow.commit()
    await eventually(
        lambda: _refused_at(system, "/people/me", fresh), timeout=5, what="the later token refused"
    )


async def _relogin(system: System, person: Person) -> dict[str, str] | None:
    """A new login's token once it is accepted: a token's `iat` is in whole seconds, so one issued in the
    second of a revocation counts as issued before it."""
    headers = await login(system, person)
    return headers if await _status(system, "/people/me", headers) == 200 else None


async def test_another_organisation_s_people_are_not_found(mailed: tuple[System, Mailbox]) -> None:
    system, _ = mailed
    mine, theirs = await system.register_provider(), await system.register_provider()
    _, admin = await person_token(system, mine.provider_id, Role.ADMINISTRATOR)
    stranger, _ = await person_token(system, theirs.provider_id, Role.REPORTER, name="Främlingen")
    path = f"/providers/me/people/{stranger.id}"
    assert (await system.client.patch(path, json={"role": "reader"}, headers=admin)).status == 404
    assert (await system.client.delete(path, headers=admin)).status == 404
    people = await (await system.client.get("/providers/me/people", headers=admin)).json()
    assert stranger.id not in {p["person_id"] for p in people["items"]}


async def test_people_me_is_for_people_only(mailed: tuple[System, Mailbox]) -> None:
    system, _ = mailed
    refused = await system.client.get("/people/me", headers=system.staff)
    assert refused.status == 403 and refused.content_type == "application/problem+json"
    provider = await system.register_provider()
    assert await _status(system, "/people/me", provider.auth) == 403


async def test_a_token_is_of_one_organisation_chosen_when_there_are_several(
    mailed: tuple[System, Mailbox],
) -> None:
    system, _ = mailed
    first, second = await system.register_provider("Ett AB"), await system.register_provider("Två AB")
    person = await add_person(system)
    with pytest.raises(NoStanding):
        await login(system, person)
    await add_membership(system, person, first.provider_id, Role.READER)
    await add_membership(system, person, second.provider_id, Role.REPORTER)
    async with system.runtime("application").reads() as session:
        with pytest.raises(OrganisationChoiceNeeded) as choice:
            await standing_of(session, person, None)
        assert {c.name for c in choice.value.choices} == {"Ett AB", "Två AB"}
        standing = await standing_of(session, person, second.organisation_number)
        with pytest.raises(NoStanding):
            await standing_of(session, person, "556036-0793")
    assert standing.kind is Kind.PROVIDER and standing.role is Role.REPORTER
    assert standing.provider_id == second.provider_id
    assert standing.scopes == (Scope.PROVIDER_READ, Scope.PROVIDER_REPORT)
    assert second.organisation_number not in str(choice.value.detail)
