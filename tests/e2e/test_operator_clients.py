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
