"""Tables of the notifications service and the queries on them."""

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel, col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from services.notifications.domain import WorkItemKind, WorkItemStatus
from shared.db import enum_column, insert_ignoring_conflicts
from shared.pagination import Page, keyset_page

SERVICE = {"info": {"service": "notifications"}}


class ProviderContact(SQLModel, table=True):
    """This service's copy of each provider's contact details, kept from provider.* events."""

    __tablename__ = "provider_contacts"
    __table_args__ = SERVICE

    provider_id: str = Field(primary_key=True, max_length=36)
    organisation_number: str = Field(max_length=11, index=True)
    name: str = Field(max_length=200)
    contact_email: str = Field(max_length=254)
    updated_at: datetime


class WorkItem(SQLModel, table=True):
    __tablename__ = "work_items"
    __table_args__ = (
        sa.Index("ix_work_items_area_created", "area_code", "created_at", "id"),
        sa.Index("ix_work_items_subject", "subject", "kind"),
        SERVICE,
    )

    id: str = Field(primary_key=True, max_length=36)
    kind: WorkItemKind = Field(sa_type=enum_column(WorkItemKind))
    area_code: str = Field(max_length=40)
    subject: str = Field(max_length=200)
    title: str = Field(max_length=300)
    organisation_number: str | None = Field(default=None, max_length=11)
    urgent: bool = Field(default=False, description="Shown first: a serious deviation")
    status: WorkItemStatus = Field(sa_type=enum_column(WorkItemStatus))
    created_at: datetime
    updated_at: datetime
    claimed_by: str | None = Field(default=None, max_length=64)
    claimed_at: datetime | None = None
    completed_by: str | None = Field(default=None, max_length=64)
    completed_at: datetime | None = None
    completion_note: str | None = Field(default=None, max_length=2000)


class InboxEntry(SQLModel, table=True):
    """One notification for one recipient (a provider organisation, for now)."""

    __tablename__ = "inbox_entries"
    __table_args__ = (
        sa.Index("ix_inbox_entries_recipient_created", "recipient", "created_at", "id"),
        sa.UniqueConstraint("recipient", "event_id", name="ux_inbox_entries_recipient_event"),
        sa.Index("ux_inbox_entries_seq", "seq", unique=True),
        SERVICE,
    )

    id: str = Field(primary_key=True, max_length=36)
    # Taken from `inbox_sequence` in the inserting transaction, so entries are numbered in commit order: a
    # live stream resumes after the last number it sent (Last-Event-ID) without missing or repeating one.
    seq: int | None = None
    recipient: str = Field(max_length=64, description="providers/{id}")
    event_id: str = Field(max_length=64)
    event_type: str = Field(max_length=100)
    subject: str | None = Field(default=None, max_length=200)
    message_sv: str = Field(max_length=1000)
    created_at: datetime
    read_at: datetime | None = None


class InboxSequence(SQLModel, table=True):
    __tablename__ = "inbox_sequence"
    __table_args__ = SERVICE

    name: str = Field(primary_key=True, max_length=32)
    value: int


async def next_inbox_seq(session: AsyncSession) -> int:
    """The next entry number; the row stays locked until commit, so numbers follow commit order."""
    await session.exec(insert_ignoring_conflicts(session, InboxSequence).values(name="inbox", value=0))
    statement = (
        sa.update(InboxSequence)
        .where(col(InboxSequence.name) == "inbox")
        .values(value=col(InboxSequence.value) + 1)
        .returning(col(InboxSequence.value))
    )
    return int((await session.exec(statement)).scalar_one())


async def inbox_after(session: AsyncSession, recipient: str, after: int, limit: int) -> list[InboxEntry]:
    query = select(InboxEntry).where(InboxEntry.recipient == recipient, col(InboxEntry.seq) > after)
    return list((await session.exec(query.order_by(col(InboxEntry.seq)).limit(limit))).all())


async def last_inbox_seq(session: AsyncSession, recipient: str) -> int:
    query = select(sa.func.max(InboxEntry.seq)).where(InboxEntry.recipient == recipient)
    return int((await session.exec(query)).one() or 0)


async def inbox_of(
    session: AsyncSession, recipient: str, *, unread: bool, limit: int, cursor: str | None
) -> Page[InboxEntry]:
    query = select(InboxEntry).where(InboxEntry.recipient == recipient)
    if unread:
        query = query.where(col(InboxEntry.read_at).is_(None))
    return await keyset_page(session, query, InboxEntry, limit=limit, cursor=cursor)


async def inbox_entry(session: AsyncSession, recipient: str, entry_id: str) -> InboxEntry | None:
    query = select(InboxEntry).where(InboxEntry.id == entry_id, InboxEntry.recipient == recipient)
    return (await session.exec(query.with_for_update())).first()


async def open_work_item(session: AsyncSession, subject: str, kind: WorkItemKind) -> WorkItem | None:
    query = select(WorkItem).where(
        WorkItem.subject == subject, WorkItem.kind == kind, col(WorkItem.status) != WorkItemStatus.DONE
    )
    return (await session.exec(query)).first()


async def work_items_for(
    session: AsyncSession,
    areas: frozenset[str] | None,
    *,
    status: WorkItemStatus | None,
    area_code: str | None,
    subject: str | None,
    limit: int,
    cursor: str | None,
) -> Page[WorkItem]:
    """`areas` None means every area (admin)."""
    query = select(WorkItem)
    if areas is not None:
        query = query.where(col(WorkItem.area_code).in_(sorted(areas)))
    if status is not None:
        query = query.where(WorkItem.status == status)
    if area_code is not None:
        query = query.where(WorkItem.area_code == area_code)
    if subject is not None:
        query = query.where(WorkItem.subject == subject)
    return await keyset_page(session, query, WorkItem, limit=limit, cursor=cursor)


async def visible_work_item(
    session: AsyncSession, item_id: str, areas: frozenset[str] | None
) -> WorkItem | None:
    query = select(WorkItem).where(WorkItem.id == item_id)
    if areas is not None:
        query = query.where(col(WorkItem.area_code).in_(sorted(areas)))
    return (await session.exec(query)).first()


def _open_or_held_by(item_id: str, staff: str) -> sa.ColumnElement[bool]:
    """The item, if it is open or this staff member holds it: what claiming and completing both need."""
    return sa.and_(
        col(WorkItem.id) == item_id,
        sa.or_(
            col(WorkItem.status) == WorkItemStatus.OPEN,
            sa.and_(col(WorkItem.status) == WorkItemStatus.CLAIMED, col(WorkItem.claimed_by) == staff),
        ),
    )


async def claim(session: AsyncSession, item_id: str, staff: str, now: datetime) -> bool:
    """Claims an open item (or keeps one this member already holds) in one conditional UPDATE, so that of
    two members claiming at once exactly one wins. Answers whether the caller holds it now."""
    statement = (
        sa.update(WorkItem)
        .where(_open_or_held_by(item_id, staff))
        .values(status=WorkItemStatus.CLAIMED, claimed_by=staff, claimed_at=now, updated_at=now)
    )
    return bool((await session.exec(statement)).rowcount)


async def complete(session: AsyncSession, item_id: str, staff: str, note: str, now: datetime) -> bool:
    """Completes an item that is open or held by this member; never one another member holds."""
    statement = (
        sa.update(WorkItem)
        .where(_open_or_held_by(item_id, staff))
        .values(
            status=WorkItemStatus.DONE,
            claimed_by=sa.func.coalesce(col(WorkItem.claimed_by), staff),
            completed_by=staff,
            completed_at=now,
            completion_note=note or None,
            updated_at=now,
        )
    )
    return bool((await session.exec(statement)).rowcount)
