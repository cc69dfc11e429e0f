"""A unit of work writes its events to the outbox with its changes, in the order published, awaits the
writes given to run at its commit inside its transaction, and calls what was to follow its commit only
once it committed: never after a rollback."""

from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest
import pytest_asyncio
import sqlalchemy as sa

from shared.clock import now_utc
from shared.messaging.inbox import InboxEntry
from shared.migrations import upgrade_to_head
from shared.service import ServiceRuntime
from shared.unit_of_work import UnitOfWork
from tests.support.databases import Databases
from tests.support.events import example_payload


@pytest_asyncio.fixture
async def runtime(tmp_path: Path) -> AsyncIterator[ServiceRuntime]:
    databases = Databases(tmp_path)
    runtime = ServiceRuntime.on_database("application", (await databases.create())["application"])
    await upgrade_to_head(runtime.engine, "application")
    yield runtime
    await runtime.engine.dispose()
    await databases.drop()


async def _event_ids(runtime: ServiceRuntime, table: str, order_by: str) -> list[str]:
    """The event ids in the outbox or the consumer inbox."""
    async with runtime.engine.connect() as conn:
        rows = await conn.execute(sa.text(f"SELECT event_id FROM {table} ORDER BY {order_by}"))
        return [row[0] for row in rows]


async def test_a_committed_unit_writes_its_events_in_order_and_calls_back_once(
    runtime: ServiceRuntime,
) -> None:
    calls: list[str] = []

    def committed() -> None:
        calls.append("committed")

    async with runtime.uow() as uow:
        published = [
            uow.publish(example_payload("provider.updated", name=name)).id for name in ("A", "B", "C")
        ]
        uow.after_commit(committed)
        uow.after_commit(committed)
        assert calls == [], "nothing is called before the commit"
        await uow.commit()
    assert calls == ["committed"]
    assert await _event_ids(runtime, "outbox", "seq") == published


async def test_a_unit_that_fails_writes_no_event_and_calls_nothing(runtime: ServiceRuntime) -> None:
    calls: list[str] = []
    with pytest.raises(RuntimeError):
        async with runtime.uow() as uow:
            uow.publish(example_payload("provider.updated", name="A"))
            uow.after_commit(lambda: calls.append("committed"))
            raise RuntimeError("the use case fails before its commit")
    async with runtime.uow() as uow:
        uow.after_commit(lambda: calls.append("left uncommitted"))
    assert calls == []
    assert await _event_ids(runtime, "outbox", "seq") == []


async def test_writes_given_for_the_commit_run_once_in_its_transaction_and_never_on_a_rollback(
    runtime: ServiceRuntime,
) -> None:
    calls: list[str] = []

    def claiming(uow: UnitOfWork, event_id: str) -> Callable[[], Awaitable[None]]:
        async def write() -> None:
            calls.append(event_id)
            row = {"consumer": "test", "event_id": event_id, "event_type": "x", "processed_at": now_utc()}
            await uow.session.exec(sa.insert(InboxEntry).values(row))

        return write

    async with runtime.uow() as uow:
        write = claiming(uow, "kept")
        uow.before_commit(write)
        uow.before_commit(write)
        assert calls == [], "nothing is written before the commit"
        await uow.commit()
    assert calls == ["kept"]
    assert await _event_ids(runtime, "inbox", "event_id") == ["kept"]

    with pytest.raises(RuntimeError):
        async with runtime.uow() as uow:
            uow.before_commit(claiming(uow, "failed"))
            raise RuntimeError("the use case fails before its commit")
    assert calls == ["kept"]
    assert await _event_ids(runtime, "inbox", "event_id") == ["kept"]
