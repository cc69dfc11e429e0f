"""The staff work queue: one open item per subject and kind, claimed and completed by one member."""

import dataclasses
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel, col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from services.notifications.domain.work_items import WorkItemKind, WorkItemStatus
from services.notifications.storage.scope import SERVICE
from shared.audit import audited
from shared.db import enum_column
from shared.pagination import Page, SortKey, ordered_page


@audited("work_item")
class WorkItem(SQLModel, table=True):
    __tablename__ = "work_items"
    __table_args__ = (
        sa.Index("ix_work_items_area_created", "area_code", "created_at", "id"),
        sa.Index("ix_work_items_subject", "subject", "kind"),
        # The queue's order (QUEUE_ORDER); the escalation job reads open items by due date.
        sa.Index("ix_work_items_queue", "urgent", "overdue", "due_on", "created_at", "id"),
        sa.Index("ix_work_items_due", "status", "overdue", "due_on"),
        SERVICE,
    )

    id: str = Field(primary_key=True, max_length=36)
    kind: WorkItemKind = Field(sa_type=enum_column(WorkItemKind))
    area_code: str = Field(max_length=40)
    subject: str = Field(max_length=200)
    title: str = Field(max_length=300)
    urgent: bool = Field(default=False, description="Shown first: a serious deviation")
    status: WorkItemStatus = Field(sa_type=enum_column(WorkItemStatus))
    created_at: datetime
    updated_at: datetime
    due_on: date = Field(description="The last day to handle it, from its kind (WORK_ITEM_DUE_DAYS)")
    late: bool = Field(default=False, description="A change of the person in charge reported late")
    overdue: bool = Field(default=False, description="Not done by its due date: escalated, shown first")
    overdue_since: datetime | None = None
    claimed_by: str | None = Field(default=None, max_length=64)
    claimed_at: datetime | None = None
    completed_by: str | None = Field(default=None, max_length=64)
    completed_at: datetime | None = None
    completion_note: str | None = Field(default=None, max_length=2000)


_WORK_ITEMS = SQLModel.metadata.tables[WorkItem.__tablename__]


@dataclasses.dataclass(slots=True)
class NewWorkItem:
    """An item the consumer's batch makes, changed by the batch's later events and inserted with the others
    at commit (`insert_work_items`). A plain object: building and flushing an ORM row per event was more
    of the pipeline's CPU than anything but the broker."""

    id: str
    kind: WorkItemKind
    area_code: str
    subject: str
    title: str
    urgent: bool
    status: WorkItemStatus
    created_at: datetime
    updated_at: datetime
    due_on: date
    late: bool
    overdue: bool = False


_NEW_FIELDS = [field.name for field in dataclasses.fields(NewWorkItem)]
_INSERT_WORK_ITEMS = sa.insert(_WORK_ITEMS)


async def insert_work_items(session: AsyncSession, items: list[NewWorkItem]) -> None:
    # Not dataclasses.asdict, which deep-copies every value.
    rows: list[dict[str, Any]] = [{name: getattr(item, name) for name in _NEW_FIELDS} for item in items]
    await session.exec(_INSERT_WORK_ITEMS, params=rows)


# The consumer's lookups, built once with bound parameters: it runs them for every batch, and building
# a statement cost more CPU than running it.
_OPEN_ON_SUBJECTS = select(WorkItem).where(
    col(WorkItem.subject).in_(sa.bindparam("subjects", expanding=True)),
    col(WorkItem.status) != WorkItemStatus.DONE,
)
_OPEN_OF_KIND = select(WorkItem).where(
    col(WorkItem.subject) == sa.bindparam("subject"),
    col(WorkItem.kind) == sa.bindparam("kind"),
    col(WorkItem.status) != WorkItemStatus.DONE,
)


async def open_work_items_on(session: AsyncSession, subjects: list[str]) -> list[WorkItem]:
    """The open items on any of `subjects`, of any kind."""
    return list((await session.exec(_OPEN_ON_SUBJECTS, params={"subjects": sorted(set(subjects))})).all())


async def open_work_item(session: AsyncSession, subject: str, kind: WorkItemKind) -> WorkItem | None:
    return (await session.exec(_OPEN_OF_KIND, params={"subject": subject, "kind": kind})).first()


# The queue's order (domain.work_items.queue_position): urgent first, then overdue, then by due date, then
# the longest waiting, the id last so that the order is total and the cursor exact.
QUEUE_ORDER = (
    SortKey(WorkItem.urgent, bool, descending=True),
    SortKey(WorkItem.overdue, bool, descending=True),
    SortKey(WorkItem.due_on, date),
    SortKey(WorkItem.created_at, datetime),
    SortKey(WorkItem.id, str),
)


def _queue_values(item: WorkItem) -> tuple[bool, bool, date, datetime, str]:
    return (item.urgent, item.overdue, item.due_on, item.created_at, item.id)


async def work_items_for(
    session: AsyncSession,
    areas: frozenset[str] | None,
    *,
    status: WorkItemStatus | None,
    area_code: str | None,
    subject: str | None,
    overdue: bool | None,
    due_before: date | None,
    limit: int,
    cursor: str | None,
) -> Page[WorkItem]:
    """`areas` None means every area (admin). In the queue's order."""
    query = select(WorkItem)
    if areas is not None:
        query = query.where(col(WorkItem.area_code).in_(sorted(areas)))
    if status is not None:
        query = query.where(WorkItem.status == status)
    if area_code is not None:
        query = query.where(WorkItem.area_code == area_code)
    if subject is not None:
        query = query.where(WorkItem.subject == subject)
    if overdue is not None:
        query = query.where(WorkItem.overdue == overdue)
    if due_before is not None:
        query = query.where(col(WorkItem.due_on) < due_before)
    return await ordered_page(session, query, QUEUE_ORDER, _queue_values, limit=limit, cursor=cursor)


async def past_due(session: AsyncSession, today: date, limit: int) -> list[WorkItem]:
    """Items not done, due before `today` and not yet escalated, locked: rows another process holds are
    skipped (PostgreSQL), and SQLite runs one writer at a time, so each is escalated once."""
    query = (
        select(WorkItem)
        .where(
            col(WorkItem.status) != WorkItemStatus.DONE,
            col(WorkItem.overdue).is_(False),
            col(WorkItem.due_on) < today,
        )
        .order_by(col(WorkItem.due_on), col(WorkItem.id))
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    return list((await session.exec(query)).all())


async def visible_work_item(
    session: AsyncSession, item_id: str, areas: frozenset[str] | None, *, for_update: bool = False
) -> WorkItem | None:
    query = select(WorkItem).where(WorkItem.id == item_id)
    if areas is not None:
        query = query.where(col(WorkItem.area_code).in_(sorted(areas)))
    return (await session.exec(query.with_for_update() if for_update else query)).first()
