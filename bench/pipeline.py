"""The event pipeline end to end: events written to the application service's outbox, relayed with
confirms, consumed, de-duplicated and committed by the notifications service (each one a work item).
Runs the whole system in this process, on the database TEST_DATABASE names (sqlite or postgresql), with
the test suite's own helper that creates and drops the databases.

    TEST_DATABASE=sqlite uv run python -m bench.pipeline [--events 3000]
"""

import argparse
import asyncio
import contextlib
import io
import time
import uuid

from bench.growth import grow
from services.notifications.domain.work_items import WorkItemKind
from shared.clock import now_utc
from shared.events.application import ApplicationSubmittedV1
from shared.logging import configure_logging
from tests.support.system import System, start_system, stop_system

WRITE_BATCH = 500


async def measure(events: int, rows: int | None = None) -> float:
    """Events per second from the first outbox write to the last work item committed; with `rows`, once
    the tables the pipeline writes (outbox, consumer inbox, work items, inbox entries) hold that many."""
    with contextlib.redirect_stdout(io.StringIO()):  # the first start's staff client notice
        system = await start_system(log_level="WARNING")
    try:
        if rows is not None:
            await _run(system, 10)  # a row in each table, for the growth to copy
            urls = {
                service: system.settings.database_url(service) for service in ("application", "notifications")
            }
            await grow(urls, rows)
        return await _run(system, events)
    finally:
        await stop_system(system)


async def _run(system: System, events: int) -> float:
    before = await _work_items(system)
    started = time.perf_counter()
    for first in range(0, events, WRITE_BATCH):
        async with system.runtime("application").uow() as uow:
            for _ in range(first, min(first + WRITE_BATCH, events)):
                uow.publish(
                    ApplicationSubmittedV1(
                        application_id=str(uuid.uuid4()),
                        provider_id=str(uuid.uuid4()),
                        organisation_number="556036-0793",
                        provider_name="Benchmark AB",
                        area_code="hemtjanst",
                        submitted_at=now_utc(),
                    )
                )
            await uow.commit()
    # The work items are committed by the consumer, in the database: there is no event to wait on.
    while await _work_items(system) - before < events:  # noqa: ASYNC110
        await asyncio.sleep(0.05)
    return events / (time.perf_counter() - started)


async def _work_items(system: System) -> int:
    return await system.count(
        "notifications", "work_items", "kind = :kind", kind=WorkItemKind.REVIEW_APPLICATION.value
    )


def main() -> None:
    configure_logging("WARNING", "console")
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=3000)
    args = parser.parse_args()
    rate = asyncio.run(measure(args.events))
    print(f"pipeline: {rate:,.0f} events/s")


if __name__ == "__main__":
    main()
