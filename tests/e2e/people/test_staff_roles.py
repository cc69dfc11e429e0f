"""Staff administrators give staff people officer roles per area and the staff admin role; the last staff
administrator keeps it; the first ones come from BOOTSTRAP_STAFF_ADMIN_SUBJECTS or the operator command.
Its own system: "the last staff administrator" counts every one in the database."""

import asyncio
import os
import sys
from collections.abc import AsyncIterator
from functools import partial

import pytest
import pytest_asyncio

from services.application.actions.people import on_first_staff_login, standing_of
from services.application.domain.people import NoStanding
from services.application.storage.memberships import staff_admins
from services.application.storage.people import Person
from shared.auth.principal import Kind, Role, Scope
from tests.support.people import add_person, login, person_token, staff_token
from tests.support.polling import eventually
from tests.support.system import System, start_system, stop_system


@pytest_asyncio.fixture(scope="module")
async def staffed() -> AsyncIterator[System]:
    system = await start_system()
    yield system
    await stop_system(system)


async def _refused(system: System, headers: dict[str, str]) -> bool:
    return (await system.client.get("/people/me", headers=headers)).status == 401


async def _relogin(system: System, person: Person) -> dict[str, str] | None:
    headers = await login(system, person)  # a new token, accepted once issued after the revocation's second
    return headers if (await system.client.get("/people/me", headers=headers)).status == 200 else None


async def test_a_staff_admin_makes_an_officer_of_areas(staffed: System) -> None:
    system = staffed
    _, admin = await staff_token(system, admin=True, name="Administratören")
    officer = await add_person(system, upstream="staff", name="Handläggaren")
    with pytest.raises(NoStanding):
        await login(system, officer)

    path = f"/staff/people/{officer.id}/roles"
    body = {"staff_admin": False, "officer_areas": ["hemtjanst", "boendestod"]}
    response = await system.client.put(path, json=body, headers=admin)
    assert response.status == 200, await response.text()
    assert await response.json() == {
        "id": officer.id,
        "name": "Handläggaren",
        "email": officer.email,
        "staff_admin": False,
        "officer_areas": ["boendestod", "hemtjanst"],
    }
    async with system.runtime("application").reads() as session:
        standing = await standing_of(session, officer, None)
    assert standing.kind is Kind.STAFF and standing.role is Role.OFFICER
    assert standing.areas == ("boendestod", "hemtjanst") and standing.scopes == (Scope.STAFF,)
    officer_auth = await login(system, officer)
    me = await (await system.client.get("/people/me", headers=officer_auth)).json()
    assert me["staff"] == {"staff_admin": False, "officer_areas": ["boendestod", "hemtjanst"]}
    assert (await system.client.get("/staff/people", headers=officer_auth)).status == 403

    fewer = {"staff_admin": False, "officer_areas": ["hemtjanst"]}
    assert (await system.client.put(path, json=fewer, headers=admin)).status == 200
    await eventually(partial(_refused, system, officer_auth), timeout=5, what="the old token refused")
    again = await eventually(partial(_relogin, system, officer), timeout=5, what="a new login")
    me = await (await system.client.get("/people/me", headers=again)).json()
    assert me["staff"]["officer_areas"] == ["hemtjanst"]

    listed = await system.client.get("/staff/people", params={"limit": "200"}, headers=admin)
    assert listed.status == 200
    by_id = {p["id"]: p for p in (await listed.json())["items"]}
    assert by_id[officer.id]["officer_areas"] == ["hemtjanst"]


async def test_an_unknown_area_or_a_provider_s_person_is_refused(staffed: System) -> None:
    system = staffed
    _, admin = await staff_token(system, admin=True)
    officer = await add_person(system, upstream="staff")
    unknown = await system.client.put(
        f"/staff/people/{officer.id}/roles",
        json={"staff_admin": False, "officer_areas": ["hemtjanst", "no-such-area"]},
        headers=admin,
    )
    assert unknown.status == 422 and unknown.content_type == "application/problem+json"
    assert (await unknown.json())["errors"][0]["location"] == "officer_areas.1"
    provider = await system.register_provider()
    member, _ = await person_token(system, provider.provider_id, Role.ADMINISTRATOR)
    not_staff = await system.client.put(
        f"/staff/people/{member.id}/roles", json={"staff_admin": True, "officer_areas": []}, headers=admin
    )
    assert not_staff.status == 404
    _, provider_person = await person_token(system, provider.provider_id, Role.ADMINISTRATOR)
    assert (await system.client.get("/staff/people", headers=provider_person)).status == 403


async def test_the_last_staff_admin_keeps_the_role(staffed: System) -> None:
    system = staffed
    async with system.runtime("application").reads() as session:
        admins = await staff_admins(session)
    _, admin = await staff_token(system, admin=True)
    for role in admins:  # every other staff administrator steps down first
        response = await system.client.put(
            f"/staff/people/{role.person_id}/roles",
            json={"staff_admin": False, "officer_areas": []},
            headers=admin,
        )
        assert response.status == 200, await response.text()
    me = await (await system.client.get("/people/me", headers=admin)).json()
    last = await system.client.put(
        f"/staff/people/{me['id']}/roles", json={"staff_admin": False, "officer_areas": []}, headers=admin
    )
    assert last.status == 409 and last.content_type == "application/problem+json"


async def test_a_bootstrap_subject_becomes_staff_admin_at_first_login_only(staffed: System) -> None:
    system = staffed
    listed, other = await add_person(system, upstream="staff"), await add_person(system, upstream="staff")
    provider_person = await add_person(system, upstream="provider")
    subjects = frozenset({listed.subject, provider_person.subject})
    async with system.runtime("application").uow().acting_as("login") as uow:
        assert await on_first_staff_login(uow, listed, subjects)
        assert not await on_first_staff_login(uow, other, subjects)
        assert not await on_first_staff_login(uow, provider_person, subjects)
        await uow.commit()
    async with system.runtime("application").uow().acting_as("login") as uow:
        assert not await on_first_staff_login(uow, listed, subjects)  # holds a role already
    async with system.runtime("application").reads() as session:
        standing = await standing_of(session, listed, None)
        with pytest.raises(NoStanding):
            await standing_of(session, other, None)
    assert standing.kind is Kind.ADMIN and standing.role is Role.STAFF_ADMIN
    assert set(standing.scopes) == {Scope.STAFF, Scope.ADMIN}


def test_the_setting_names_subjects_separated_by_commas(staffed: System) -> None:
    settings = staffed.settings.model_copy(update={"bootstrap_staff_admin_subjects": " a-1 , b-2,, "})
    assert settings.staff_admin_subjects == frozenset({"a-1", "b-2"})


async def test_the_operator_command_grants_staff_roles_by_subject(staffed: System) -> None:
    system = staffed
    env = {**os.environ, "APPLICATION_DATABASE_URL": system.settings.database_url("application")}
    command = [sys.executable, "-m", "services.application.admin", "grant-staff", "--subject", "op-subject-1"]
    process = await asyncio.create_subprocess_exec(
        *command, "--admin", "--officer", "hemtjanst", env=env, stdout=asyncio.subprocess.PIPE
    )
    out, _ = await process.communicate()
    assert process.returncode == 0 and b"staff roles granted" in out
    refused = await asyncio.create_subprocess_exec(
        *command, "--officer", "nowhere", env=env, stderr=asyncio.subprocess.PIPE
    )
    _, err = await refused.communicate()
    assert refused.returncode == 2 and b"unknown areas: nowhere" in err
    count = await system.count(
        "application",
        "staff_roles JOIN persons ON persons.id = staff_roles.person_id",
        "persons.subject = :s AND persons.upstream = 'staff'",
        s="op-subject-1",
    )
    assert count == 2
