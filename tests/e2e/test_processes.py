"""The run modes as a user starts them: each service as its own process, and the one-command mode
when the broker cannot be reached."""

import asyncio
import os
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest_asyncio
from aiohttp.test_utils import unused_port

from tests.support.apart import STAFF_CLIENT_ID, services_apart
from tests.support.applications import fill_application
from tests.support.polling import eventually
from tests.support.system import random_organisation_number

ROOT = Path(__file__).resolve().parents[2]


@pytest_asyncio.fixture
async def apart(tmp_path: Path) -> AsyncIterator[dict[str, str]]:
    async with services_apart(tmp_path) as running:
        yield {**running.urls, "staff_secret": running.staff_secret}


async def test_services_started_apart_carry_a_submission_to_the_work_queue(apart: dict[str, str]) -> None:
    app_url, notes_url = apart["application"], apart["notifications"]
    async with aiohttp.ClientSession() as http:

        async def token(client_id: str, secret: str) -> str:
            async with http.post(
                f"{app_url}/oauth/token",
                data={"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret},
            ) as r:
                assert r.status == 200
                return str((await r.json())["access_token"])

        async with http.post(
            f"{app_url}/providers",
            json={
                "organisation_number": random_organisation_number(),
                "name": "Isär AB",
                "f_tax": True,
                "contact_email": "a@isar.example",
            },
        ) as r:
            client = (await r.json())["client"]
        provider = {"Authorization": f"Bearer {await token(client['client_id'], client['client_secret'])}"}
        async with http.post(
            f"{app_url}/applications", json={"area_code": "boendestod"}, headers=provider
        ) as r:
            application_id = (await r.json())["id"]
        await fill_application(http, app_url, provider, application_id)
        async with http.post(f"{app_url}/applications/{application_id}/submit", headers=provider) as r:
            assert r.status == 200
        staff = {"Authorization": f"Bearer {await token(STAFF_CLIENT_ID, apart['staff_secret'])}"}

        async def work_items() -> list[object]:
            # The notifications process verifies the token against the application process's JWKS.
            async with http.get(
                f"{notes_url}/work-items", params={"subject": f"applications/{application_id}"}, headers=staff
            ) as r:
                assert r.status == 200
                return list((await r.json())["items"])

        items = await eventually(work_items, timeout=20, what="the work item in the notifications process")
        assert len(items) == 1
        async with http.get(f"{notes_url}/work-items", headers=provider) as r:
            assert r.status == 403


async def test_the_one_command_mode_says_clearly_when_the_broker_is_unreachable(tmp_path: Path) -> None:
    closed_port = unused_port()
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "services",
        cwd=ROOT,
        env={
            **os.environ,
            "DATA_DIR": str(tmp_path),
            "AMQP_URL": f"amqp://guest:guest@127.0.0.1:{closed_port}/",
            "PORT": str(unused_port()),
        },
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    _, err = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode != 0
    lines = [line for line in err.decode().splitlines() if line.strip()]
    assert len(lines) == 1, err.decode()
    assert "RabbitMQ is not reachable" in lines[0]
    assert "rabbitmq-server" in lines[0]
    assert "guest:guest" not in lines[0]
