"""Events that reach the notifications service together are applied in one transaction: each must still
see what the ones before it did, as if they had come one by one."""

import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest_asyncio
from sqlalchemy import event
from sqlmodel import col, select

from services.notifications.storage.inbox import InboxEntry
from shared.auth.principal import Kind
from shared.events.envelope import CloudEvent
from tests.support.broker import messages_waiting, publish
from tests.support.events import example_event
from tests.support.polling import eventually
from tests.support.system import Provider, System, start_system, stop_system

AREA = "hemtjanst"


@pytest_asyncio.fixture
async def system() -> AsyncIterator[System]:
    running = await start_system()
    yield running
    await stop_system(running)


def _about(provider: Provider, kind: str, application_id: str) -> CloudEvent:
    return example_event(
        kind,
        provider_id=provider.provider_id,
        organisation_number=provider.organisation_number,
        area_code=AREA,
        application_id=application_id,
    )


async def _staff_entries(system: System, staff: dict[str, str], ids: set[str]) -> list[dict[str, Any]]:
    response = await system.client.get("/notifications", params={"limit": "200"}, headers=staff)
    assert response.status == 200, await response.text()
    return [e for e in (await response.json())["items"] if e["event_id"] in ids]


async def test_events_applied_together_see_each_others_work(system: System) -> None:
    provider = await system.register_provider("Samtidigt AB")
    staff = await system.operator(Kind.STAFF, [AREA])
    await _staff_entries(system, staff, set())  # known to the service from this first call
    made, remade, closed, reopened = (str(uuid.uuid4()) for _ in range(4))
    events = [
        _about(provider, "application.submitted", made),
        _about(provider, "application.submitted", remade),
        _about(provider, "application.supplemented", remade),  # the same item, not a second one
        _about(provider, "application.submitted", closed),
        _about(provider, "application.withdrawn", closed),
        _about(provider, "application.submitted", reopened),
        _about(provider, "application.withdrawn", reopened),
        _about(provider, "application.submitted", reopened),  # a new item once the first is done
    ]
    # Stopped, the consumer leaves the events waiting on its queue; started, it receives them at once.
    consumer = system.runtime("notifications").consumer
    assert consumer is not None
    await consumer.stop()
    await publish(system.settings.amqp_url, system.settings.amqp_prefix, events)
    await consumer.start()

    async def all_seen() -> list[dict[str, Any]]:
        items = await system.work_items(f"applications/{reopened}", staff)
        return items if len(items) == 2 else []

    await eventually(all_seen, what="the last event's work item")

    async def statuses(application_id: str) -> list[str]:
        return sorted(i["status"] for i in await system.work_items(f"applications/{application_id}", staff))

    assert await statuses(made) == ["open"]
    assert await statuses(remade) == ["open"]
    assert await statuses(closed) == ["done"]
    assert await statuses(reopened) == ["done", "open"]
    # Every event that made or renewed work told the staff member, once.
    making = {e.id for e in events if e.type != "application.withdrawn"}
    entries = await _staff_entries(system, staff, making)
    assert sorted(e["event_id"] for e in entries) == sorted(making)
    # Each one acked: stopped, the consumer leaves nothing to come back to its queue.
    await consumer.stop()
    assert await messages_waiting(system.settings.amqp_url, consumer.work_queue) == 0


async def test_an_area_with_several_staff_costs_a_transaction_one_number_statement_and_one_staff_read(
    system: System,
) -> None:
    """Every member of the area gets an entry in their language, numbered apart; the staff and their
    preferences are read in one statement and the entry numbers taken in one, however many members and
    however many events the transaction applies."""
    provider = await system.register_provider("Många Handläggare AB")
    members = [await system.operator(Kind.STAFF, [AREA]) for _ in range(3)]
    elsewhere = await system.operator(Kind.STAFF, ["sarskilt-boende"])
    for staff in [*members, elsewhere]:
        await _staff_entries(system, staff, set())  # known to the service from this first call
    response = await system.client.put("/preferences", json={"language": "en"}, headers=members[1])
    assert response.status == 200, await response.text()

    statements: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        statements.append(" ".join(statement.split()))

    engine = system.runtime("notifications").engine.sync_engine
    events = [_about(provider, "application.submitted", str(uuid.uuid4())) for _ in range(2)]
    consumer = system.runtime("notifications").consumer
    assert consumer is not None
    await consumer.stop()
    await publish(system.settings.amqp_url, system.settings.amqp_prefix, events)
    event.listen(engine, "before_cursor_execute", record)
    try:
        await consumer.start()

        async def told_all() -> list[dict[str, Any]]:
            entries = await _staff_entries(system, members[2], {e.id for e in events})
            return entries if len(entries) == 2 else []

        await eventually(told_all, what="the entries of the last member")
    finally:
        event.remove(engine, "before_cursor_execute", record)

    for staff, language in zip(members, ("sv", "en", "sv"), strict=True):
        entries = await _staff_entries(system, staff, {e.id for e in events})
        assert sorted(e["event_id"] for e in entries) == sorted(e.id for e in events)
        assert {e["language"] for e in entries} == {language}
    async with system.runtime("notifications").reads() as session:
        numbers = (
            await session.exec(
                select(InboxEntry.seq).where(col(InboxEntry.event_id).in_([e.id for e in events]))
            )
        ).all()
    assert len(numbers) == 6 and len(set(numbers)) == 6, "every entry has a number of its own"
    assert await _staff_entries(system, elsewhere, {e.id for e in events}) == []

    consumed = [s for s in statements if "inbox_sequence" in s or "FROM staff_members" in s]
    numbering = [s for s in consumed if s.startswith("UPDATE inbox_sequence")]
    staff_reads = [s for s in consumed if "FROM staff_members" in s and "LEFT OUTER JOIN preferences" in s]
    # Both once per consumer transaction: the two events came in one batch or in two.
    assert 1 <= len(numbering) == len(staff_reads) <= len(events), consumed
    assert not [s for s in statements if s.startswith("SELECT") and "FROM preferences" in s], statements
