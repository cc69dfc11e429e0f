"""The audit trail's plumbing, on a real database: a change of an audited case committed through a unit of
work always leaves its entry, with the unit of work's actor and the states it went between; a change that
would leave none is refused; and the database refuses to change or delete an entry."""

import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import col

from services.notifications.domain.work_items import WorkItemKind, WorkItemStatus
from services.notifications.storage.work_items import NewWorkItem, WorkItem, insert_work_items
from shared.audit import AuditEntry, AuditError, trail_of
from shared.auth.principal import Kind, Principal, Role
from shared.clock import now_utc
from shared.db import create_engine, session_factory
from shared.migrations import upgrade_to_head
from shared.unit_of_work import UnitOfWork
from tests.support.databases import Databases

STAFF = Principal(Kind.STAFF, "staff-client", frozenset({"staff"}), areas=frozenset({"hemtjanst"}))
OFFICER = Principal(
    Kind.STAFF,
    "staff-portal",
    frozenset({"staff"}),
    areas=frozenset({"hemtjanst"}),
    subject="person-7",
    person_id="person-7",
    name="Olle Handläggare",
    role=Role.OFFICER,
)


@pytest_asyncio.fixture
async def engine(tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    databases = Databases(tmp_path)
    engine = create_engine((await databases.create())["notifications"])
    await upgrade_to_head(engine, "notifications")
    try:
        yield engine
    finally:
        await engine.dispose()
        await databases.drop()


def _uow(engine: AsyncEngine) -> UnitOfWork:
    return UnitOfWork(session_factory(engine, writes=True), "/tests", None)


def _item(item_id: str) -> WorkItem:
    now = now_utc()
    return WorkItem(
        id=item_id,
        kind=WorkItemKind.HANDLE_DEVIATION,
        area_code="hemtjanst",
        subject=f"deviations/{uuid.uuid4()}",
        title="Avvikelse",
        status=WorkItemStatus.OPEN,
        created_at=now,
        updated_at=now,
        due_on=now.date(),
    )


async def _trail(engine: AsyncEngine, item_id: str) -> list[AuditEntry]:
    async with session_factory(engine)() as session:
        return await trail_of(session, "work_item", item_id)


def _steps(entries: list[AuditEntry]) -> list[tuple[str, str | None, str | None]]:
    return [(e.action, e.from_state, e.to_state) for e in entries]


async def test_a_case_created_and_changed_twice_before_a_flush_leaves_an_entry_for_each_step(
    engine: AsyncEngine,
) -> None:
    item_id = str(uuid.uuid4())
    async with _uow(engine).acting_as(STAFF) as uow:
        uow.session.add(_item(item_id))
        await uow.commit()
    async with _uow(engine).acting_as(STAFF) as uow:
        item = await uow.session.get(WorkItem, item_id)
        assert item is not None
        item.status = WorkItemStatus.CLAIMED
        item.status = WorkItemStatus.DONE
        uow.session.add(item)
        uow.audit(item, "completed", note_given=True)
        await uow.commit()

    entries = await _trail(engine, item_id)
    assert _steps(entries) == [
        ("created", None, "open"),
        ("claimed", "open", "claimed"),
        ("completed", "claimed", "done"),
    ]
    assert {(e.actor, e.actor_kind) for e in entries} == {("staff-client", "staff")}
    assert entries[-1].details == {"note_given": True}


async def test_an_act_that_changes_no_state_is_named_with_its_states(engine: AsyncEngine) -> None:
    item_id = str(uuid.uuid4())
    async with _uow(engine).acting_as("a-system-job") as uow:
        item = _item(item_id)
        uow.session.add(item)
        uow.audit(item, "made", reason="test")
        await uow.commit()
    async with _uow(engine).acting_as("a-system-job") as uow:
        found = await uow.session.get(WorkItem, item_id)
        assert found is not None
        uow.audit(found, "looked_at")
        await uow.commit()

    entries = await _trail(engine, item_id)
    assert _steps(entries) == [("made", None, "open"), ("looked_at", "open", "open")]
    assert entries[0].details == {"reason": "test"}
    assert {(e.actor, e.actor_kind) for e in entries} == {("a-system-job", "system")}


async def test_rows_inserted_beside_the_orm_leave_their_creation_entries(engine: AsyncEngine) -> None:
    now = now_utc()
    ids = [str(uuid.uuid4()) for _ in range(3)]
    async with _uow(engine).acting_as("notifications-consumer") as uow:
        await insert_work_items(
            uow.session,
            [
                NewWorkItem(
                    i,
                    WorkItemKind.REVIEW_APPLICATION,
                    "hemtjanst",
                    f"applications/{i}",
                    "Ansökan",
                    False,
                    WorkItemStatus.OPEN,
                    now,
                    now,
                    now.date(),
                    False,
                )
                for i in ids
            ],
        )
        await uow.commit()
    for item_id in ids:
        assert _steps(await _trail(engine, item_id)) == [("created", None, "open")]


async def test_a_change_without_an_actor_is_refused_and_nothing_is_saved(engine: AsyncEngine) -> None:
    item_id = str(uuid.uuid4())
    with pytest.raises(AuditError):
        async with _uow(engine) as uow:
            uow.session.add(_item(item_id))
            await uow.commit()
    async with session_factory(engine)() as session:
        assert await session.get(WorkItem, item_id) is None
    assert await _trail(engine, item_id) == []


async def test_a_change_the_orm_cannot_see_is_refused(engine: AsyncEngine) -> None:
    item_id = str(uuid.uuid4())
    async with _uow(engine).acting_as(STAFF) as uow:
        uow.session.add(_item(item_id))
        await uow.commit()
    with pytest.raises(AuditError):
        async with _uow(engine).acting_as(STAFF) as uow:
            await uow.session.exec(
                sa.update(WorkItem).where(col(WorkItem.id) == item_id).values(status=WorkItemStatus.DONE)
            )
    with pytest.raises(AuditError):
        async with _uow(engine).acting_as(STAFF) as uow:
            await uow.session.exec(sa.delete(WorkItem).where(col(WorkItem.id) == item_id))


async def test_a_rolled_back_unit_of_work_leaves_no_entry(engine: AsyncEngine) -> None:
    item_id = str(uuid.uuid4())
    async with _uow(engine).acting_as(STAFF) as uow:
        uow.session.add(_item(item_id))
    assert await _trail(engine, item_id) == []


async def test_the_database_refuses_to_update_or_delete_an_entry(engine: AsyncEngine) -> None:
    item_id = str(uuid.uuid4())
    async with _uow(engine).acting_as(STAFF) as uow:
        uow.session.add(_item(item_id))
        await uow.commit()
    for statement in (
        "UPDATE audit_trail SET action = 'forged' WHERE entity_id = :id",
        "DELETE FROM audit_trail WHERE entity_id = :id",
    ):
        # As the owner of the table, whom no grant limits.
        async with engine.connect() as connection:
            with pytest.raises(sa.exc.DBAPIError, match="append-only"):
                await connection.execute(sa.text(statement), {"id": item_id})
    assert _steps(await _trail(engine, item_id)) == [("created", None, "open")]


async def test_a_case_created_then_changed_after_a_flush_is_created_in_its_first_state(
    engine: AsyncEngine,
) -> None:
    item_id = str(uuid.uuid4())
    async with _uow(engine).acting_as(STAFF) as uow:
        item = _item(item_id)
        uow.session.add(item)
        await uow.session.flush()
        item.status = WorkItemStatus.CLAIMED
        await uow.commit()
    assert _steps(await _trail(engine, item_id)) == [
        ("created", None, "open"),
        ("claimed", "open", "claimed"),
    ]


async def test_each_entry_names_who_acted_a_person_a_client_or_a_system_job(engine: AsyncEngine) -> None:
    item_id = str(uuid.uuid4())
    async with _uow(engine).acting_as("notifications-consumer") as uow:
        uow.session.add(_item(item_id))
        await uow.commit()
    for actor, status in ((OFFICER, WorkItemStatus.CLAIMED), (STAFF, WorkItemStatus.DONE)):
        async with _uow(engine).acting_as(actor) as uow:
            item = await uow.session.get(WorkItem, item_id)
            assert item is not None
            item.status = status
            await uow.commit()

    entries = await _trail(engine, item_id)
    assert [(e.actor, e.actor_kind, e.actor_name, e.actor_role, e.actor_client) for e in entries] == [
        ("notifications-consumer", "system", "notifications-consumer", None, None),
        ("person-7", "staff", "Olle Handläggare", "officer", "staff-portal"),
        ("staff-client", "staff", "staff-client", None, None),
    ]
