"""The cluster layout (cluster.launcher: replicas of each service and a scheduler behind nginx, on
PostgreSQL) on the test session's three-node RabbitMQ cluster, for fault tests: a provider's steps through
nginx as a client takes them, and counts on the services' own databases."""

import secrets
import tempfile
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from cluster import databases
from cluster.launcher import Cluster, Layout, free_port
from tests.support.applications import fill_application
from tests.support.databases import POSTGRES_ADMIN_URL
from tests.support.event_counts import Rows, reader
from tests.support.rabbit_cluster import RabbitCluster
from tests.support.system import FAST_RETRIES, random_organisation_number

STAFF_CLIENT_ID = "staff-faults"


@dataclass
class Running:
    cluster: Cluster
    http: aiohttp.ClientSession
    engines: dict[str, AsyncEngine]
    staff_secret: str

    @property
    def url(self) -> str:
        return self.cluster.url

    @property
    def rows(self) -> Rows:
        return reader(self.engines)

    async def token(self, client_id: str, secret: str) -> str:
        form = {"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret}
        async with self.http.post(f"{self.url}/oauth/token", data=form) as response:
            assert response.status == 200, await response.text()
            return str((await response.json())["access_token"])

    async def filled_application(self, name: str) -> tuple[dict[str, str], str]:
        """A new provider's authorization headers and its application, filled and ready to submit."""
        body = {
            "organisation_number": random_organisation_number(),
            "name": name,
            "f_tax": True,
            "contact_email": "kontakt@kluster.example",
        }
        async with self.http.post(f"{self.url}/providers", json=body) as response:
            assert response.status == 201, await response.text()
            client = (await response.json())["client"]
        auth = {"Authorization": f"Bearer {await self.token(client['client_id'], client['client_secret'])}"}
        started = {"area_code": "hemtjanst"}
        async with self.http.post(f"{self.url}/applications", json=started, headers=auth) as response:
            assert response.status == 201, await response.text()
            application_id = str((await response.json())["id"])
        await fill_application(self.http, self.url, auth, application_id)
        return auth, application_id

    async def submit(self, auth: dict[str, str], application_id: str) -> list[int]:
        """Submits as a client does that is told to come back (502/503/504, or no answer): until an answer
        says it is done. Answers every status seen, the last one 200 (submitted now) or 409 (already)."""
        seen: list[int] = []
        while True:
            try:
                url = f"{self.url}/applications/{application_id}/submit"
                async with self.http.post(url, headers=auth) as response:
                    seen.append(response.status)
                    if response.status in (200, 409):
                        return seen
                    assert response.status in (502, 503, 504), await response.text()
            except aiohttp.ClientConnectionError:
                seen.append(0)
            assert len(seen) < 20, seen


def _env(
    rabbit: RabbitCluster, folder: Path, port: int, urls: dict[str, str], staff_secret: str
) -> dict[str, Any]:
    public = f"http://127.0.0.1:{port}"
    return {
        "DATA_DIR": str(folder),
        "PUBLIC_BASE_URL": public,
        "PORTAL_API_URL": public,
        "JWKS_URL": f"{public}/.well-known/jwks.json",
        "TRUST_FORWARDED_FOR": "true",
        "AMQP_URL": rabbit.amqp_url(),
        "AMQP_PREFIX": f"t{uuid.uuid4().hex[:10]}",
        "RETRY_DELAYS_MS": str(list(FAST_RETRIES)),
        "OUTBOX_POLL_INTERVAL_S": "0.2",
        "BOOTSTRAP_STAFF_CLIENT_ID": STAFF_CLIENT_ID,
        "BOOTSTRAP_STAFF_CLIENT_SECRET": staff_secret,
        "TOKEN_REQUESTS_PER_MINUTE_PER_ADDRESS": "1000000",
        "TOKEN_REQUESTS_PER_MINUTE_PER_CLIENT": "1000000",
        "REGISTRATIONS_PER_HOUR_PER_ADDRESS": "1000000",
        **{f"{service.upper()}_DATABASE_URL": url for service, url in urls.items()},
    }


@asynccontextmanager
async def cluster_layout(rabbit: RabbitCluster, layout: Layout | None = None) -> AsyncIterator[Running]:
    folder = Path(tempfile.mkdtemp(prefix="kundval-faults-"))
    port = free_port()
    prefix = f"kvflt_{uuid.uuid4().hex[:8]}"
    urls = databases.database_urls(POSTGRES_ADMIN_URL, prefix)
    await databases.create_missing(POSTGRES_ADMIN_URL, urls)
    staff_secret = secrets.token_urlsafe(24)
    env = _env(rabbit, folder, port, urls, staff_secret)
    cluster = Cluster(layout or Layout(replicas=2, schedulers=1, port=port), folder, env)
    engines = {service: create_async_engine(url) for service, url in urls.items()}
    try:
        await cluster.start()
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30)) as http:
            yield Running(cluster, http, engines, staff_secret)
    finally:
        await cluster.stop()
        for engine in engines.values():
            await engine.dispose()
        await databases.drop(POSTGRES_ADMIN_URL, urls)
