"""Operators create staff and admin clients; a staff client sees only its own areas' work."""

import re

from tests.support.polling import eventually
from tests.support.processes import run_module
from tests.support.system import System


async def _admin(system: System, *args: str) -> tuple[int, str]:
    env = {"APPLICATION_DATABASE_URL": system.settings.database_url("application")}
    finished = await run_module("services.application.admin", *args, env=env)
    return finished.code, finished.output


def _credentials(output: str) -> tuple[str, str]:
    found = dict(re.findall(r"export (CLIENT_ID|CLIENT_SECRET)=(\S+)", output))
    return found["CLIENT_ID"], found["CLIENT_SECRET"]


async def test_a_staff_client_sees_only_the_work_of_its_areas(system: System) -> None:
    code, output = await _admin(system, "create-client", "--kind", "staff", "--areas", "boendestod")
    assert code == 0, output
    headers = {"Authorization": f"Bearer {await system.token(*_credentials(output))}"}

    provider = await system.register_provider()
    in_area = await system.submitted_application(provider, "boendestod")
    elsewhere = await system.submitted_application(provider, "hemtjanst")
    for application in (in_area, elsewhere):
        await eventually(lambda a=application: system.work_items(f"applications/{a['id']}"))  # type: ignore[misc]

    async def seen(application_id: str) -> list[object]:
        response = await system.client.get(
            "/work-items", params={"subject": f"applications/{application_id}"}, headers=headers
        )
        return list((await response.json())["items"])

    assert len(await seen(in_area["id"])) == 1
    assert await seen(elsewhere["id"]) == []


async def test_an_admin_client_sees_every_area_and_a_revoked_client_gets_no_token(system: System) -> None:
    code, output = await _admin(system, "create-client", "--kind", "admin", "--label", "ops")
    assert code == 0, output
    client_id, secret = _credentials(output)
    token = await system.token(client_id, secret)
    response = await system.client.get("/work-items", headers={"Authorization": f"Bearer {token}"})
    assert response.status == 200

    code, output = await _admin(system, "revoke-client", client_id)
    assert code == 0, output
    refused = await system.client.post(
        "/oauth/token",
        data={"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret},
    )
    assert refused.status in (400, 401)
    assert (await refused.json())["error"] == "invalid_client"


async def test_unknown_areas_are_refused(system: System) -> None:
    code, output = await _admin(system, "create-client", "--kind", "staff", "--areas", "nowhere")
    assert code == 2 and "nowhere" in output


async def test_the_operator_gives_a_provider_an_administrator_by_its_organisation_number(
    system: System,
) -> None:
    provider = await system.register_provider("Tappad Kontakt AB")
    # Registration answered a reporter: nobody at the organisation can manage its clients yet.
    assert (await system.client.get("/providers/me/clients", headers=provider.auth)).status == 403

    digits = provider.organisation_number.replace("-", "")
    code, output = await _admin(system, "issue-client", "--organisation", digits, "--role", "administrator")
    assert code == 0, output
    client_id, secret = _credentials(output)
    administrator = {"Authorization": f"Bearer {await system.token(client_id, secret)}"}
    listed = await system.client.get("/providers/me/clients", headers=administrator)
    assert listed.status == 200, await listed.text()
    roles = {client["client_id"]: client["role"] for client in (await listed.json())["items"]}
    assert roles == {provider.client_id: "reporter", client_id: "administrator"}
    assert await system.count(
        "application",
        "audit_trail",
        "entity_id = :p AND action = 'client_added' AND actor = 'operator'",
        p=provider.provider_id,
    )


async def test_the_operator_issues_nothing_for_an_organisation_not_registered(system: System) -> None:
    before = await system.count("application", "api_clients")
    code, output = await _admin(system, "issue-client", "--organisation", "556036-0793")
    assert code == 1 and "556036-0793" in output
    code, output = await _admin(system, "issue-client", "--organisation", "556036-0794")
    assert code == 2 and "organisation number" in output
    assert await system.count("application", "api_clients") == before


async def test_the_operator_invites_a_person_and_shows_the_link_once(system: System) -> None:
    provider = await system.register_provider()
    code, output = await _admin(
        system, "invite", "--organisation", provider.organisation_number, "--email", "ny@omsorg.example"
    )
    assert code == 0, output
    (token,) = [
        line.removeprefix("export INVITATION=") for line in output.splitlines() if "INVITATION=" in line
    ]
    assert f"/invitations/{token}" in output
    shown = await system.client.get(f"/invitations/{token}")
    assert shown.status == 200, await shown.text()
    assert (await shown.json())["role"] == "administrator"
    assert await system.count("application", "invitations", "provider_id = :p", p=provider.provider_id) == 2
    refused, output = await _admin(
        system, "invite", "--organisation", "556036-0794", "--email", "a@b.example"
    )
    assert refused == 2, output
