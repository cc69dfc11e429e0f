"""The API as a client sees it: the one-command process (`python -m services`, every service on one
port) in its own process, an authenticated `GET /applications/{id}` loaded by wrk from another, and the
process's peak resident memory at idle and after the load.

    uv run python -m bench.api [--database sqlite|postgresql]
"""

import argparse
import asyncio
import os
import secrets
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import aiohttp
from aiohttp.test_utils import unused_port

from bench import submissions
from bench.client import bearer, new_provider, ok
from bench.growth import grow
from bench.load import Load, wrk
from bench.raw_http import wait_for_port
from bench.submissions import SubmissionFigures
from shared.logging import configure_logging
from shared.settings import Settings
from tests.support.broker import delete_topology
from tests.support.databases import Databases
from tests.support.system import UNLIMITED

STAFF_CLIENT_ID = "staff-bench"
STAFF_SECRET = secrets.token_urlsafe(24)


@dataclass(frozen=True)
class ApiFigures:
    get: Load
    # None when only the read was asked for.
    submissions: SubmissionFigures | None
    idle_rss_mib: float
    loaded_rss_mib: float
    # The fewest rows any growing table held while measuring.
    rows: int


@contextmanager
def one_command_process(
    database_urls: dict[str, str], folder: Path, prefix: str
) -> Iterator[tuple[str, int]]:
    port = unused_port()
    env = {
        **os.environ,
        "DATA_DIR": str(folder),
        "PORT": str(port),
        "AMQP_PREFIX": prefix,
        "LOG_LEVEL": "WARNING",
        "BOOTSTRAP_STAFF_CLIENT_ID": STAFF_CLIENT_ID,
        "BOOTSTRAP_STAFF_CLIENT_SECRET": STAFF_SECRET,
        # The load comes from one address, registering many providers.
        **{name.upper(): str(value) for name, value in UNLIMITED.items()},
        **{f"{service.upper()}_DATABASE_URL": url for service, url in database_urls.items()},
    }
    output = folder / "process.log"
    with output.open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "services"], env=env, stdout=log, stderr=subprocess.STDOUT
        )
        try:
            try:
                wait_for_port(port, seconds=60)
            except SystemExit:
                raise SystemExit(f"the process did not start:\n{output.read_text()[-3000:]}") from None
            yield f"http://127.0.0.1:{port}", process.pid
        finally:
            process.terminate()
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()
                raise SystemExit(f"the process did not stop:\n{output.read_text()[-3000:]}") from None


def peak_rss_of(pid: int) -> float:
    """The process's high-water mark of resident memory (VmHWM), as the kernel counts it."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise SystemExit("no VmHWM in /proc: is this Linux?")


async def _an_application(http: aiohttp.ClientSession, base: str) -> tuple[str, dict[str, str]]:
    """A draft application of a provider registered over HTTP, and the provider's token."""
    headers = await new_provider(http, base)
    draft = await ok(http.post(f"{base}/applications", json={"area_code": "hemtjanst"}, headers=headers))
    return str(draft["id"]), headers


async def measure(rows: int = 1000, seconds: int = 5, *, submitting: bool = True) -> ApiFigures:
    """The figures with the growing tables (applications, events, work items, inbox entries, audit
    trail) holding about `rows` rows each; without `submitting`, the GET alone."""
    folder = Path(tempfile.mkdtemp(prefix="kundval-bench-"))
    databases = Databases(folder)
    urls = await databases.create()
    prefix = f"bench{uuid.uuid4().hex[:8]}"
    try:
        with one_command_process(urls, folder, prefix) as (base, pid):
            async with aiohttp.ClientSession() as http:
                application_id, headers = await _an_application(http, base)
                staff = await bearer(http, base, STAFF_CLIENT_ID, STAFF_SECRET)
                # Staff who have called the service get an inbox entry per work item, as they would in use.
                await ok(http.get(f"{base}/work-items", headers=staff))
            await submissions.one_submission(base, staff)
            sizes = await grow(urls, rows)
            idle = peak_rss_of(pid)
            url = f"{base}/applications/{application_id}"
            await asyncio.to_thread(wrk, url, seconds=1, headers=headers)  # warm up
            get = await asyncio.to_thread(wrk, url, seconds=seconds, headers=headers)
            submitted = await submissions.measure(base, staff) if submitting else None
            return ApiFigures(get, submitted, idle, peak_rss_of(pid), min(sizes.values()))
    finally:
        await databases.drop()
        # Quorum queues left behind add up in the broker: each run removes its own.
        await delete_topology(prefix, Settings().retry_delays_ms)


def main() -> None:
    configure_logging("WARNING", "console")
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    args = parser.parse_args()
    os.environ["TEST_DATABASE"] = args.database
    figures = asyncio.run(measure())
    print(
        f"GET /applications/{{id}}: {figures.get.requests_per_s:,.0f} requests/s, "
        f"p99 {figures.get.p99_ms:.1f} ms; peak RSS {figures.idle_rss_mib:.0f} MiB idle, "
        f"{figures.loaded_rss_mib:.0f} MiB loaded"
    )


if __name__ == "__main__":
    main()
