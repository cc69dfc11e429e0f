"""Opening a quality-report round for many authorisations: how long it takes and how much memory it uses,
beside a raw ceiling (the same number of rows written with one plain executemany, no events).

    uv run python -m bench.quality_round [--authorisations 10000] [--database-url URL]

Default database: a temporary SQLite file. Prints figures; it is not a test and never fails on them.
"""

import argparse
import asyncio
import tempfile
import time
import tracemalloc
import uuid
from datetime import UTC, date, datetime
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from bench.figures import peak_rss_mib
from services.reporting.actions.quality_round import RoundJobs
from services.reporting.domain.quality import RoundCalendar
from services.reporting.storage.copies import AuthorisationCopy
from shared.migrations import upgrade_to_head
from shared.service import ServiceRuntime


async def _seed(engine: AsyncEngine, count: int) -> None:
    granted = datetime(2026, 3, 1, tzinfo=UTC)
    rows = [
        {
            "id": str(uuid.uuid4()),
            "provider_id": str(uuid.uuid4()),
            "organisation_number": "556036-0793",
            "provider_name": f"Anordnare {n}",
            "area_code": "hemtjanst",
            "status": "active",
            "revision": 1,
            "granted_at": granted,
            "revoked_at": None,
            "updated_at": granted,
        }
        for n in range(count)
    ]
    async with engine.begin() as conn:
        await conn.execute(sa.insert(AuthorisationCopy), rows)


async def _raw_ceiling(engine: AsyncEngine, count: int) -> float:
    """One executemany of `count` narrow rows into a scratch table: the floor under any fan-out."""
    async with engine.begin() as conn:
        await conn.execute(
            sa.text("CREATE TABLE IF NOT EXISTS bench_scratch (id VARCHAR(36) PRIMARY KEY, n INTEGER)")
        )
    started = time.perf_counter()
    async with engine.begin() as conn:
        await conn.execute(
            sa.text("INSERT INTO bench_scratch (id, n) VALUES (:id, :n)"),
            [{"id": str(uuid.uuid4()), "n": n} for n in range(count)],
        )
    elapsed = time.perf_counter() - started
    async with engine.begin() as conn:
        await conn.execute(sa.text("DROP TABLE bench_scratch"))
    return elapsed


async def run(count: int, url: str | None) -> None:
    folder = Path(tempfile.mkdtemp(prefix="bench-round-"))
    runtime = ServiceRuntime.on_database("reporting", url or f"sqlite+aiosqlite:///{folder / 'reporting.db'}")
    engine = runtime.engine
    await upgrade_to_head(engine, "reporting")
    await _seed(engine, count)
    raw = await _raw_ceiling(engine, count)
    jobs = RoundJobs(
        uows=runtime.uow,
        engine=engine,
        calendar=RoundCalendar(opens=(1, 15), deadline=(3, 31), reminder_days=(30, 7, 1)),
    )
    rss_before = peak_rss_mib()
    started = time.perf_counter()
    await jobs.run_day(date(2027, 1, 15))
    elapsed = time.perf_counter() - started
    # Memory is measured on a second round (the year before) with the same authorisations, apart from the
    # timing, because tracing allocations slows Python several times over.
    async with engine.begin() as conn:
        await conn.execute(
            sa.text("UPDATE authorisation_copies SET granted_at = :at"),
            {"at": datetime(2025, 3, 1, tzinfo=UTC)},
        )
    tracemalloc.start()
    await jobs.open_round(2025, actor="bench")
    _, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    async with engine.connect() as conn:
        reports = (
            await conn.execute(sa.text("SELECT count(*) FROM quality_reports WHERE year = 2026"))
        ).scalar_one()
        events = (
            await conn.execute(
                sa.text("SELECT count(*) FROM outbox WHERE body LIKE :year"), {"year": '%"year":2026%'}
            )
        ).scalar_one()
    await engine.dispose()
    print(f"database                 {engine.dialect.name}")
    print(f"authorisations           {count}")
    print(f"reports requested        {reports}")
    print(f"events in the outbox     {events}")
    print(f"round opening            {elapsed:.2f} s ({count / elapsed:,.0f} authorisations/s)")
    print(f"raw ceiling (executemany) {raw:.2f} s; opening costs {elapsed / raw:.1f}x the raw insert")
    print(f"python memory, peak      {traced_peak / 2**20:.1f} MiB while opening a round (tracemalloc)")
    print(f"process peak RSS         {rss_before:.0f} MiB before, {peak_rss_mib():.0f} MiB after")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--authorisations", type=int, default=10_000)
    parser.add_argument(
        "--database-url", help="e.g. postgresql+asyncpg://postgres@127.0.0.1/bench (must exist)"
    )
    args = parser.parse_args()
    asyncio.run(run(args.authorisations, args.database_url))


if __name__ == "__main__":
    main()
