"""The services as separate processes (`python -m services <name>`), each with its own database and port."""

import asyncio
import os
import secrets
import sys
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import aiohttp
from aiohttp.test_utils import unused_port

from shared.settings import SERVICES
from tests.support.broker import AMQP_URL, delete_topology
from tests.support.databases import Databases
from tests.support.polling import eventually
from tests.support.system import FAST_RETRIES

ROOT = Path(__file__).resolve().parents[2]
# The processes of a deployment: each service, and the portal.
PROCESSES = (*SERVICES, "portal")
STAFF_CLIENT_ID = "staff-apart"


@dataclass(frozen=True)
class Apart:
    ports: dict[str, int]
    staff_secret: str

    @property
    def urls(self) -> dict[str, str]:
        return {service: f"http://127.0.0.1:{port}" for service, port in self.ports.items()}


async def _ready(url: str) -> bool:
    try:
        async with aiohttp.ClientSession() as session, session.get(f"{url}/readyz") as response:
            return response.status == 200
    except aiohttp.ClientError:
        return False


@asynccontextmanager
async def services_apart(folder: Path, public_base_url: str | None = None) -> AsyncIterator[Apart]:
    """Every service in its own process, ready. With `public_base_url` (a proxy's), that is the base URL
    and token issuer they announce; the others still fetch the JWKS from the application process."""
    databases = Databases(folder)
    urls = await databases.create()
    prefix = f"t{uuid.uuid4().hex[:10]}"
    running = Apart({s: unused_port() for s in PROCESSES}, secrets.token_urlsafe(16))
    application = running.urls["application"]
    env = {
        **os.environ,
        "DATA_DIR": str(folder),
        "AMQP_URL": AMQP_URL,
        "AMQP_PREFIX": prefix,
        "ISSUER": public_base_url or application,
        "JWKS_URL": f"{application}/.well-known/jwks.json",
        "BOOTSTRAP_STAFF_CLIENT_ID": STAFF_CLIENT_ID,
        "BOOTSTRAP_STAFF_CLIENT_SECRET": running.staff_secret,
        "RETRY_DELAYS_MS": "[200, 400]",
        "OUTBOX_POLL_INTERVAL_S": "0.2",
        **({"PUBLIC_BASE_URL": public_base_url} if public_base_url else {}),
        # The portal calls the API where clients do: the proxy, or else the application's own address.
        "PORTAL_API_URL": public_base_url or application,
        **{f"{s.upper()}_DATABASE_URL": urls[s] for s in PROCESSES},
    }
    processes = []
    try:
        for service in PROCESSES:
            processes.append(
                await asyncio.create_subprocess_exec(
                    sys.executable,
                    "-m",
                    "services",
                    service,
                    cwd=ROOT,
                    env={**env, "PORT": str(running.ports[service])},
                    stdout=asyncio.subprocess.DEVNULL,
                    stderr=asyncio.subprocess.DEVNULL,
                )
            )
        for base in running.urls.values():
            await eventually(lambda base=base: _ready(base), timeout=90, what=f"{base} to be ready")  # type: ignore[misc]
        yield running
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            await process.wait()
        await delete_topology(prefix, FAST_RETRIES)
        await databases.drop()
