"""Inboxes: each recipient's notifications, numbered in commit order for the live stream."""

from dataclasses import dataclass
from datetime import datetime
from typing import TypedDict

import sqlalchemy as sa
from sqlmodel import Field, SQLModel, col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from services.notifications.domain.preferences import Language
from services.notifications.storage.scope import SERVICE
from shared.db import enum_column
from shared.pagination import Page, keyset_page


class InboxEntry(SQLModel, table=True):
    """One notification for one recipient (a provider organisation or a staff member), in their language."""

    __tablename__ = "inbox_entries"
    __table_args__ = (
        sa.Index("ix_inbox_entries_recipient_created", "recipient", "created_at", "id"),
        sa.UniqueConstraint("recipient", "event_id", name="ux_inbox_entries_recipient_event"),
        sa.Index("ux_inbox_entries_seq", "seq", unique=True),
        # A live stream's reads: a recipient's entries after a number, and the last number.
        sa.Index("ix_inbox_entries_recipient_seq", "recipient", "seq"),
        # The retention job's: entries read long ago.
        sa.Index(
            "ix_inbox_entries_read",
            "read_at",
            sqlite_where=sa.text("read_at IS NOT NULL"),
            postgresql_where=sa.text("read_at IS NOT NULL"),
        ),
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
    title: str = Field(max_length=300)
    body: str = Field(max_length=4000)
    link: str | None = Field(default=None, max_length=500)
    language: Language = Field(sa_type=enum_column(Language), description="What the text is written in")
    created_at: datetime
    read_at: datetime | None = None


_INBOX_ENTRIES = SQLModel.metadata.tables[InboxEntry.__tablename__]


class NewInboxEntry(TypedDict):
    """The values of an entry the consumer makes: numbered and written with the batch's others in one Core
    insert at commit (`insert_inbox_entries`), since an ORM object per entry cost more CPU than writing it."""

    id: str
    recipient: str
    event_id: str
    event_type: str
    subject: str | None
    title: str
    body: str
    link: str | None
    language: Language
    created_at: datetime


class NumberedInboxEntry(NewInboxEntry):
    """An entry as written: numbered, and unread."""

    seq: int
    read_at: None


@dataclass(frozen=True)
class NumberedEntries:
    """The entries one transaction wrote, numbered `first` to `last` with no number between taken by any
    other: the counter stays locked until the transaction commits, so once it has, every number up to
    `last` is committed too."""

    first: int
    last: int
    entries: list[NumberedInboxEntry]


async def insert_inbox_entries(session: AsyncSession, entries: list[NewInboxEntry]) -> NumberedEntries:
    """Numbers the entries, in the order given, and writes them. Called as the transaction commits: the
    counter's row stays locked from here to the commit, so numbers follow commit order, and the lock is
    held for as short a time as it can be."""
    seqs = await _take_inbox_seqs(session, len(entries))
    rows = [
        NumberedInboxEntry(**entry, seq=seq, read_at=None) for entry, seq in zip(entries, seqs, strict=True)
    ]
    await session.exec(_INSERT_INBOX_ENTRIES, params=rows)
    return NumberedEntries(seqs[0], seqs[-1], rows)


_INSERT_INBOX_ENTRIES = sa.insert(_INBOX_ENTRIES)


class InboxSequence(SQLModel, table=True):
    __tablename__ = "inbox_sequence"
    __table_args__ = SERVICE

    name: str = Field(primary_key=True, max_length=32)
    value: int


async def _take_inbox_seqs(session: AsyncSession, count: int) -> range:
    """The next `count` entry numbers; the row stays locked until commit, so numbers follow commit order.
    The migration that made the counter wrote its one row."""
    last = int((await session.exec(_TAKE_SEQS, params={"count": count})).scalar_one())
    return range(last - count + 1, last + 1)


async def inbox_after(session: AsyncSession, recipient: str, after: int, limit: int) -> list[InboxEntry]:
    params = {"recipient": recipient, "after": after, "limit": limit}
    return list((await session.exec(_ENTRIES_AFTER, params=params)).all())


async def numbers_taken(session: AsyncSession) -> int:
    """The last entry number committed: every entry numbered up to it is committed and can be read."""
    return (await session.exec(_NUMBERS_TAKEN)).one()


# Built once with bound parameters: the consumer takes numbers in every transaction and each live stream
# reads on every commit, and building a statement cost more CPU than running it. Core on the counter, so
# that the update does not look for ORM objects to synchronise.
_SEQUENCE = SQLModel.metadata.tables[InboxSequence.__tablename__]
_TAKE_SEQS = (
    sa.update(_SEQUENCE)
    .where(_SEQUENCE.c.name == "inbox")
    .values(value=_SEQUENCE.c.value + sa.bindparam("count", type_=sa.Integer))
    .returning(_SEQUENCE.c.value)
)
_ENTRIES_AFTER = (
    select(InboxEntry)
    .where(
        col(InboxEntry.recipient) == sa.bindparam("recipient"), col(InboxEntry.seq) > sa.bindparam("after")
    )
    .order_by(col(InboxEntry.seq))
    .limit(sa.bindparam("limit", type_=sa.Integer))
)
_NUMBERS_TAKEN = select(InboxSequence.value).where(col(InboxSequence.name) == "inbox")


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
