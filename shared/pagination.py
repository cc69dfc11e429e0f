"""Cursor pagination, newest first: the cursor is the (created_at, id) of the last row seen, so pages stay
stable while rows are added and cost the same however deep the client reads."""

import base64
import binascii
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Generic, TypeVar

import orjson
from sqlalchemy import and_, or_
from sqlmodel import col
from sqlmodel.ext.asyncio.session import AsyncSession
from sqlmodel.sql.expression import SelectOfScalar

from shared.errors import InvalidInput

RowT = TypeVar("RowT")


@dataclass(frozen=True)
class Page(Generic[RowT]):
    items: list[RowT]
    next_cursor: str | None


def encode_cursor(created_at: datetime, row_id: str) -> str:
    return base64.urlsafe_b64encode(orjson.dumps([created_at.isoformat(), row_id])).decode().rstrip("=")


# Longer than any id this API gives out (UUIDs); a longer one cannot match a row.
_MAX_ID_LENGTH = 64


def decode_cursor(cursor: str) -> tuple[datetime, str]:
    """The (created_at, id) a cursor holds; anything else, however it decodes, is refused as the client's
    error: a cursor comes from the client, so its shape, its moment and its id are all checked here."""
    try:
        raw = orjson.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        match raw:
            case [str(moment), str(row_id)] if _plausible_id(row_id):
                created_at = datetime.fromisoformat(moment)
                if created_at.tzinfo is not None:
                    # Converting an extreme offset can leave the range of datetime: OverflowError.
                    return created_at.astimezone(UTC), row_id
    except (ValueError, OverflowError, binascii.Error, orjson.JSONDecodeError):
        pass
    raise InvalidInput(
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
    more = len(rows) > limit
    rows = rows[:limit]
    last: Any = rows[-1] if rows else None
    return Page(rows, encode_cursor(last.created_at, last.id) if more and last is not None else None)
