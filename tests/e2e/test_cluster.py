"""scripts/cluster's layout, as an operator starts it (`python -m cluster`): two replicas of each service and
two schedulers on PostgreSQL behind nginx. The merged API document, the docs page, a token and the API answer
through the proxy; requests are spread over both replicas; Ctrl-C stops every process."""

import asyncio
import os
import re
import signal
import sys
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import aiohttp
import pytest
import pytest_asyncio
from aiohttp.test_utils import unused_port
from prometheus_client.parser import text_string_to_metric_families

from cluster import databases
from tests.support.broker import AMQP_URL, delete_topology
from tests.support.databases import POSTGRES_ADMIN_URL, backend
from tests.support.system import FAST_RETRIES

ROOT = Path(__file__).resolve().parents[2]
REPLICA_LINE = re.compile(r"^\s+(application|reporting|notifications|portal): (.+)$", re.M)
START_S = 240

pytestmark = [
    pytest.mark.skipif(backend() != "postgresql", reason="the cluster runs on PostgreSQL"),
    pytest.mark.timeout(START_S + 120),
]


@dataclass
class Running:
    url: str
    process: asyncio.subprocess.Process
    output: str

    @property
    def replicas(self) -> dict[str, list[str]]:
        return {name: urls.split(", ") for name, urls in REPLICA_LINE.findall(self.output)}

    @property
    def staff(self) -> tuple[str, str]:
        found = dict(re.findall(r"export (STAFF_CLIENT_ID|STAFF_CLIENT_SECRET)=(\S+)", self.output))
        return found["STAFF_CLIENT_ID"], found["STAFF_CLIENT_SECRET"]


async def _read_until_started(process: asyncio.subprocess.Process) -> str:
    assert process.stdout is not None
    output = ""
    while "Ctrl-C stops it." not in output:
        line = await process.stdout.readline()
        if not line:
            raise AssertionError(f"the cluster ended at start:\n{output}")
        output += line.decode()
    return output


@pytest_asyncio.fixture
async def cluster(tmp_path: Path) -> AsyncIterator[Running]:
    prefix = f"kvcl_{uuid.uuid4().hex[:8]}"
    amqp_prefix = f"t{uuid.uuid4().hex[:10]}"
    port = unused_port()
    env = {
        **os.environ,
        "AMQP_URL": AMQP_URL,
        "AMQP_PREFIX": amqp_prefix,
        "RETRY_DELAYS_MS": "[200, 400]",
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        *("-m", "cluster", "--port", str(port), "--data-dir", str(tmp_path)),
        *("--postgres-url", POSTGRES_ADMIN_URL, "--database-prefix", prefix),
        cwd=ROOT,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    try:
        output = await asyncio.wait_for(_read_until_started(process), START_S)
        yield Running(f"http://127.0.0.1:{port}", process, output)
    finally:
        if process.returncode is None:
            process.send_signal(signal.SIGINT)
            await asyncio.wait_for(process.communicate(), 60)
        await delete_topology(amqp_prefix, FAST_RETRIES)
        await databases.drop(POSTGRES_ADMIN_URL, databases.database_urls(POSTGRES_ADMIN_URL, prefix))


async def _served(http: aiohttp.ClientSession, replica: str, route: str) -> float:
    """How many requests to `route` this replica has answered (its own /metrics, not through the proxy)."""
    async with http.get(f"{replica}/metrics") as response:
        text = await response.text()
    return sum(
        sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
        if sample.name == "http_request_duration_seconds_count" and sample.labels.get("route") == route
    )


async def _accepts(url: str) -> bool:
    try:
        async with aiohttp.ClientSession() as http, http.get(f"{url}/healthz") as response:
            return response.status == 200
    except aiohttp.ClientError:
        return False


async def test_the_cluster_answers_through_nginx_spreads_requests_and_stops_on_ctrl_c(
    cluster: Running,
) -> None:
    replicas = cluster.replicas
    assert {name: len(urls) for name, urls in replicas.items()} == {
        "application": 2,
        "reporting": 2,
        "notifications": 2,
        "portal": 2,
    }
    async with aiohttp.ClientSession() as http:
        async with http.get(f"{cluster.url}/openapi.json") as response:
            assert response.status == 200
            spec = await response.json()
        assert spec["servers"] == [{"url": cluster.url}]
        assert {"/applications", "/deviations", "/work-items"} <= set(spec["paths"])
        async with http.get(f"{cluster.url}/docs") as response:
            assert response.status == 200
            assert "openapi.json" in await response.text()

        client_id, secret = cluster.staff
        form = {"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret}
        async with http.post(f"{cluster.url}/oauth/token", data=form) as response:
            assert response.status == 200, await response.text()
            token = (await response.json())["access_token"]
        headers = {"Authorization": f"Bearer {token}"}
        for path in ("/work-items", "/deviations", "/areas"):
            for _ in range(10):
                async with http.get(f"{cluster.url}{path}", headers=headers) as response:
                    assert response.status == 200, (path, await response.text())
        # nginx balances round robin: both replicas of each service took a share.
        for service, route in (("notifications", "/work-items"), ("reporting", "/deviations")):
            counts = [await _served(http, replica, route) for replica in replicas[service]]
            assert all(count > 0 for count in counts), (service, counts)
        async with http.get(f"{cluster.url}/portal/areas") as response:
            assert response.status == 200

    cluster.process.send_signal(signal.SIGINT)
    out, _ = await asyncio.wait_for(cluster.process.communicate(), 60)
    assert cluster.process.returncode == 0, out.decode()
    assert "The cluster has stopped." in out.decode()
    every_replica = [url for urls in replicas.values() for url in urls]
    assert not any([await _accepts(url) for url in (cluster.url, *every_replica)])
