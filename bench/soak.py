"""A soak: the one-command process under a steady mixed load for minutes on end, sampled every 30 s.

    scripts/bench soak --minutes 15 --rate 35 --database postgresql [--out soak-out]

The process (`python -m bench.served`, which runs `python -m services`) gets fresh databases and its own
broker prefix. The load (bench.soak_load) and the live streams (bench.soak_streams) run in this process.
Each sample reads the process's RSS and open files from /proc, the database sessions, the outbox rows not
yet published, the messages in the queues, and the window's requests (p50/p99, 5xx). At the end the
pipeline is given time to drain, then the accounting: every submitted application one work item, every
approval one inbox entry, every queue empty, nothing parked. Writes samples.csv, summary.json and
soak.png into the out folder, and prints the summary; exits 1 when the accounting or the 5xx count fails.
"""

import argparse
import asyncio
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import aiohttp
from aiohttp.test_utils import unused_port

from bench.api import STAFF_CLIENT_ID, STAFF_SECRET
from bench.client import bearer
from bench.raw_http import wait_for_port
from bench.soak_load import Load, Tally
from bench.soak_report import growing_sites, plot, rss_slope, write_csv
from bench.soak_streams import hold_streams
from bench.soak_watch import Sample, Watch, or_unknown, slow_callbacks
from shared.logging import configure_logging
from shared.settings import Settings
from tests.support.broker import delete_topology
from tests.support.databases import Databases
from tests.support.system import UNLIMITED

DRAIN_S = 120


def main(argv: list[str]) -> None:
    configure_logging("WARNING", "console")
    parser = argparse.ArgumentParser(prog="python -m bench soak", description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=15)
    parser.add_argument("--rate", type=float, default=35, help="requests per second, open loop")
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="postgresql")
    parser.add_argument("--out", type=Path, default=Path("soak-out"))
    parser.add_argument("--sample-s", type=float, default=30)
    parser.add_argument(
        "--warmup-minutes", type=float, default=5, help="left out of the RSS slope (at most half the run)"
    )
    parser.add_argument("--streams", type=int, default=20, help="live inbox streams, reconnecting")
    parser.add_argument("--concurrency", type=int, default=64, help="requests in flight at most")
    parser.add_argument(
        "--flows", type=int, help="provider and staff flows under way at most (default: rate / 4)"
    )
    parser.add_argument("--slow-callback-ms", type=float, default=50)
    parser.add_argument(
        "--tracemalloc",
        action="store_true",
        help="trace the process's allocations (slower) and print the sites that grew after the warm-up",
    )
    args = parser.parse_args(argv)
    os.environ["TEST_DATABASE"] = args.database
    args.out.mkdir(parents=True, exist_ok=True)
    summary = asyncio.run(soak(args))
    print(json.dumps(summary, indent=2))
    if not summary["passed"]:
        sys.exit(1)


async def soak(args: argparse.Namespace) -> dict[str, Any]:
    folder = Path(tempfile.mkdtemp(prefix="kundval-soak-"))
    databases = Databases(folder)
    urls = await databases.create()
    prefix = f"soak{uuid.uuid4().hex[:8]}"
    retry_delays = Settings().retry_delays_ms
    try:
        with _process(urls, folder, prefix, args) as (base, pid):
            log = folder / "process.log"
            watch = Watch(pid, urls, prefix, retry_delays, log)
            try:
                return await _run(args, base, pid, watch, folder)
            finally:
                await watch.close()
    finally:
        await databases.drop()
        await delete_topology(prefix, retry_delays)


async def _run(args: argparse.Namespace, base: str, pid: int, watch: Watch, folder: Path) -> dict[str, Any]:
    seconds = args.minutes * 60
    warmup = min(args.warmup_minutes, args.minutes / 2)
    tally = Tally()
    samples: list[Sample] = []
    snapshots: list[Path] = []
    connector = aiohttp.TCPConnector(limit=args.concurrency + args.streams + 8)
    async with aiohttp.ClientSession(connector=connector) as http:
        staff = await bearer(http, base, STAFF_CLIENT_ID, STAFF_SECRET)
        # Staff who have called the service are told of new work in their inbox.
        async with http.get(f"{base}/work-items", headers=staff) as response:
            response.raise_for_status()
        load = Load(http, base, staff, tally, args.flows or max(2, round(args.rate / 4)))
        await load.prepare()
        started = time.monotonic()
        # Slow callbacks while the process started (migrations, the catalogue's seed) are not the load's.
        at_start = len(slow_callbacks(watch.log))
        samples.append(await watch.sample(0, tally, tally.take_window(), args.sample_s))
        running = asyncio.gather(
            load.run(args.rate, seconds, args.concurrency), hold_streams(load, args.streams, seconds)
        )
        while not running.done():
            await asyncio.wait([running], timeout=args.sample_s)
            minute = (time.monotonic() - started) / 60
            window = tally.take_window()
            samples.append(await watch.sample(minute, tally, window, args.sample_s))
            _print_sample(samples[-1])
            if args.tracemalloc and not snapshots and minute >= warmup:
                snapshots.append(await _snapshot(pid, folder, 1))
        await running
        if args.tracemalloc:
            snapshots.append(await _snapshot(pid, folder, 2))
    drained = await _drain(watch)
    accounting = await watch.accounting(tally)
    slope = rss_slope(samples, warmup)
    write_csv(samples, args.out / "samples.csv")
    title = f"soak, {args.database}, {args.rate:g} req/s for {args.minutes:g} min"
    plot(samples, warmup, title, args.out / "soak.png")
    slow = slow_callbacks(folder / "process.log")[at_start:]
    summary = {
        "database": args.database,
        "minutes": args.minutes,
        "rate": args.rate,
        "requests": tally.requests,
        "server_errors": tally.server_errors,
        "unexpected_client_errors": tally.client_errors,
        "failed_steps": tally.failures,
        "missed_slots": tally.missed_slots,
        "deviations": tally.deviations,
        "manager_changes": tally.manager_changes,
        "stream_connections": tally.stream_connections,
        "stream_events": tally.stream_events,
        "stream_errors": tally.stream_errors,
        "streams_ended_by_server": tally.streams_ended_by_server,
        "rss_mib_first_last": [samples[0].rss_mib, samples[-1].rss_mib],
        "warmup_minutes": warmup,
        "rss_slope_mib_per_minute": None if slope is None else round(slope, 3),
        "p99_ms_first_last_window": [samples[1].p99_ms, samples[-1].p99_ms] if len(samples) > 1 else None,
        "slow_callbacks_over_ms": args.slow_callback_ms,
        "slow_callbacks": len(slow),
        "slowest_callbacks": sorted(slow, key=_took, reverse=True)[:10],
        "drained_in_s": drained,
        "accounting": accounting,
    }
    if len(snapshots) == 2:
        summary["growing_sites"] = growing_sites(snapshots[0], snapshots[1])
    summary["passed"] = (
        tally.server_errors == 0
        and not accounting["submitted_without_one_work_item"]
        and not accounting["approved_without_one_inbox_entry"]
        and accounting["outbox_backlog"] == 0
        and accounting["queued"] == 0
        and accounting["parked"] == 0
        and accounting["submitted"] > 0
    )
    (args.out / "summary.json").write_text(json.dumps(summary, indent=2))
    return summary


def _print_sample(s: Sample) -> None:
    print(
        f"{s.minute:6.2f} min  RSS {s.rss_mib:7.1f} MiB  fds {s.fds:4d}  db {s.db_connections:3d}  "
        f"outbox {s.outbox_backlog:4d}  queued {s.queued:4d}  parked {s.parked}  "
        f"{s.requests_per_s:5.1f} req/s  p50 {s.p50_ms:6.1f}  p99 {s.p99_ms:7.1f} ms  5xx {s.server_errors}  "
        f"slow {s.slow_callbacks}",
        flush=True,
    )


def _took(line: str) -> float:
    try:
        return float(line.rsplit(" took ", 1)[1].split()[0])
    except (IndexError, ValueError):
        return 0.0


async def _drain(watch: Watch) -> float | None:
    """Seconds until nothing waits in an outbox or a queue (retries included), or None if it never did."""
    started = time.monotonic()
    while time.monotonic() - started < DRAIN_S:
        queued, _ = await or_unknown(watch.queues(), (-1, -1))
        if queued == 0 and await or_unknown(watch.outbox_backlog(), -1) == 0:
            return round(time.monotonic() - started, 1)
        await asyncio.sleep(1)
    return None


async def _snapshot(pid: int, folder: Path, number: int) -> Path:
    """Asks the process for a tracemalloc snapshot (SIGUSR1) and waits until it is written."""
    os.kill(pid, signal.SIGUSR1)
    done = folder / f"snapshot-{number}.done"
    for _ in range(600):
        if done.exists():
            return folder / f"snapshot-{number}.tracemalloc"
        await asyncio.sleep(0.1)
    raise SystemExit("the process wrote no tracemalloc snapshot")


@contextmanager
def _process(
    urls: dict[str, str], folder: Path, prefix: str, args: argparse.Namespace
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
        **{f"{service.upper()}_DATABASE_URL": url for service, url in urls.items()},
        "SOAK_SLOW_CALLBACK_MS": str(args.slow_callback_ms),
    }
    if args.tracemalloc:
        env["SOAK_TRACEMALLOC_DIR"] = str(folder)
    output = folder / "process.log"
    with output.open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "bench.served"], env=env, stdout=log, stderr=subprocess.STDOUT
        )
        try:
            try:
                wait_for_port(port, seconds=90)
            except SystemExit:
                raise SystemExit(f"the process did not start:\n{output.read_text()[-3000:]}") from None
            yield f"http://127.0.0.1:{port}", process.pid
        finally:
            process.terminate()
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()
