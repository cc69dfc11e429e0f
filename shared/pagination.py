"""Cursor pagination: the cursor holds the ordering values of the last row seen, so pages stay stable while
rows are added and cost the same however deep the client reads. Most lists are newest first by
(created_at, id); a list with an order of its own (the register, a case's history) names its keys."""

import base64
import binascii
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, Generic, TypeVar

import orjson
from pydantic import BaseModel, Field
from sqlalchemy import and_, or_
from sqlalchemy import false as sa_false
from sqlmodel import col
from sqlmodel.ext.asyncio.session import AsyncSession
from sqlmodel.sql.expression import SelectOfScalar

from shared.errors import InvalidInput
from shared.schemas import DB_INT_MAX

RowT = TypeVar("RowT")

# Every growing list takes the same `limit`: a page bounds the work and the body of one request.
DEFAULT_LIMIT = 50
MAX_LIMIT = 200


class PageQuery(BaseModel):
    """The query of a list: its page size and where to go on from. A list with filters extends it."""

    limit: int = Field(
        DEFAULT_LIMIT,
        ge=1,
        le=MAX_LIMIT,
        description=f"Rows per page, 1 to {MAX_LIMIT} (default {DEFAULT_LIMIT})",
    )
    # A cursor is base64url, so it stays as long in a URL as here (the request line has room for 8 KiB); the
    # longest, the register's, holds an area, a provider name of 200 characters (4 bytes each at most in
    # UTF-8) and an id: under 1,200 characters.
    cursor: str | None = Field(
        None,
        max_length=1500,
        pattern=r"^[A-Za-z0-9_-]+$",
        description="`next_cursor` of the previous page; without it, the first page",
    )


@dataclass(frozen=True)
class Page(Generic[RowT]):
    items: list[RowT]
    next_cursor: str | None


def encode_cursor(created_at: datetime, row_id: str) -> str:
    return _encode([created_at.isoformat(), row_id])


def _encode(values: list[Any]) -> str:
    return base64.urlsafe_b64encode(orjson.dumps(values)).decode().rstrip("=")


def _decode(cursor: str) -> Any:
    """The JSON a cursor holds, not yet checked; a cursor that is not even that is refused."""
    try:
        return orjson.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (ValueError, binascii.Error, orjson.JSONDecodeError):
        raise _not_a_cursor() from None


def _page(rows: list[RowT], limit: int, cursor_of: Callable[[RowT], str]) -> Page[RowT]:
    """`rows` were read with one more than `limit`: that one, if there, says another page follows."""
    shown = rows[:limit]
    return Page(shown, cursor_of(shown[-1]) if len(rows) > limit and shown else None)


# Longer than any id this API gives out (UUIDs); a longer one cannot match a row.
_MAX_ID_LENGTH = 64


def decode_cursor(cursor: str) -> tuple[datetime, str]:
    """The (created_at, id) a cursor holds; anything else, however it decodes, is refused as the client's
    error: a cursor comes from the client, so its shape, its moment and its id are all checked here."""
    try:
        match _decode(cursor):
            case [str(moment), str(row_id)] if _plausible_id(row_id):
                created_at = datetime.fromisoformat(moment)
                if created_at.tzinfo is not None:
                    # Converting an extreme offset can leave the range of datetime: OverflowError.
                    return created_at.astimezone(UTC), row_id
    except (ValueError, OverflowError):
        pass
    raise _not_a_cursor()


def _not_a_cursor() -> InvalidInput:
    return InvalidInput(
        "The cursor is not one this API gave out; start again without it.",
        errors=[{"location": "cursor", "message": "not a cursor of this list", "type": "cursor"}],
    )


def _plausible_id(row_id: str) -> bool:
    return len(row_id) <= _MAX_ID_LENGTH and row_id.isprintable()


async def keyset_page(
    session: AsyncSession, query: SelectOfScalar[RowT], table: Any, *, limit: int, cursor: str | None
) -> Page[RowT]:
    created, row_id = col(table.created_at), col(table.id)
    if cursor is not None:
        after_created, after_id = decode_cursor(cursor)
        query = query.where(or_(created < after_created, and_(created == after_created, row_id < after_id)))
    rows = list((await session.exec(query.order_by(created.desc(), row_id.desc()).limit(limit + 1))).all())

    def cursor_of(last: Any) -> str:
        return encode_cursor(last.created_at, last.id)

    return _page(rows, limit, cursor_of)


# The types a cursor may carry: str and int as JSON has them, bool as true/false, a date and a moment
# (with its offset) in ISO 8601.
CursorValue = str | int | bool | date | datetime


@dataclass(frozen=True)
class SortKey:
    """One column a list is ordered by, and the type its value has in a cursor."""

    column: Any
    kind: type[str] | type[int] | type[bool] | type[date] | type[datetime]
    descending: bool = False


async def ordered_page(
    session: AsyncSession,
    query: Any,
    keys: Sequence[SortKey],
    values: Callable[[Any], tuple[CursorValue, ...]],
    *,
    limit: int,
    cursor: str | None,
) -> Page[Any]:
    """A page of `query` in the order of `keys`, the last of which makes the order total (an id); the
    cursor holds `values` of the last row, so the next page starts right after it."""
    if cursor is not None:
        query = query.where(_after(keys, _decode_values(cursor, keys)))
    order = [col(k.column).desc() if k.descending else col(k.column) for k in keys]
    rows = list((await session.exec(query.order_by(*order).limit(limit + 1))).all())
    return _page(rows, limit, lambda last: _encode(list(values(last))))


def _after(keys: Sequence[SortKey], values: Sequence[CursorValue]) -> Any:
    # (a, b, c) after (x, y, z): a after x, or a = x and b after y, or a = x, b = y and c after z.
    alternatives = []
    for i, key in enumerate(keys):
        beyond = _beyond(col(key.column), values[i], key.descending)
        alternatives.append(and_(*(col(k.column) == values[j] for j, k in enumerate(keys[:i])), beyond))
    return or_(*alternatives)


def _beyond(column: Any, value: CursorValue, descending: bool) -> Any:
    if isinstance(value, bool):
        # SQL orders false before true but compares flags only for equality: after the last flag of its
        # order nothing follows, after the first only the other.
        return column == (not value) if value is descending else sa_false()
    return column < value if descending else column > value


# Longer than any name or code a row holds; a longer one cannot match a row.
_MAX_TEXT_LENGTH = 300


def _decode_values(cursor: str, keys: Sequence[SortKey]) -> list[CursorValue]:
    raw = _decode(cursor)
    if not isinstance(raw, list) or len(raw) != len(keys):
        raise _not_a_cursor()
    return [_decoded(value, key.kind) for value, key in zip(raw, keys, strict=True)]


def _decoded(value: Any, kind: type) -> CursorValue:
    if kind is bool:
        if isinstance(value, bool):
            return value
    elif kind is int:
        # bool is an int to Python, not to the database; a number beyond a column's range is no row's.
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) <= DB_INT_MAX:
            return value
    elif not isinstance(value, str) or len(value) > _MAX_TEXT_LENGTH or "\x00" in value:
        pass
    elif kind is str:
        return value
    elif kind is date:
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    elif kind is datetime:
        try:
            moment = datetime.fromisoformat(value)
            if moment.tzinfo is not None:
                return moment.astimezone(UTC)
        except (ValueError, OverflowError):
            pass
    raise _not_a_cursor()
