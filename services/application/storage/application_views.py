"""An application with what belongs to it, as its view shows it, read in one statement: a read of the
API's most frequent kind pays one round trip to the database instead of five.

The view is read as plain columns on a connection, not as ORM objects in a session: it only shows what it
reads, so identity map, change tracking and session bookkeeping would be work for nothing, and they were
most of the read's CPU."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, bindparam, select
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlmodel import col

from services.application.storage.applications import (
    Application,
    Assessment,
    Attachment,
    Decision,
    SupplementRequest,
)
from services.application.storage.authorisations import Authorisation
from shared.db import DriverRead
from shared.tenancy import ScopedLookup

Fields = dict[str, Any]


@dataclass(frozen=True)
class ApplicationParts:
    """The view's fields by name, as the response models name them."""

    application: Fields
    attachments: list[Fields]
    supplement_requests: list[Fields]
    decision: Fields | None
    authorisation_id: str | None


def _columns(table: Any, *names: str) -> list[ColumnElement[Any]]:
    return [getattr(table, name).expression for name in names]


_APPLICATION = (
    "id",
    "provider_id",
    "area_code",
    "status",
    "conditions_version",
    "created_at",
    "updated_at",
    "submitted_at",
    "decided_at",
    "answers",
    "person_in_charge",
    "precheck",
)
_ATTACHMENT = ("id", "filename", "media_type", "size", "sha256", "created_at")
_SUPPLEMENT_REQUEST = ("id", "message", "condition_codes", "due_date", "requested_at", "answered_at")
# The decision has no id of its own: its outcome is never null, so it tells whether there is one.
_DECISION = ("outcome", "reasons", "decided_at", "letter")
_ASSESSMENT = ("condition_code", "met", "comment", "assessed_by", "assessed_at")

# Where each part's columns lie in a row.
_A_END = len(_APPLICATION)
_T_END = _A_END + len(_ATTACHMENT)
_S_END = _T_END + len(_SUPPLEMENT_REQUEST)
_D_END = _S_END + len(_DECISION)

# Outer joins give a row per attachment and supplement request pair: an application holds a handful of each,
# so the rows stay few, and their order (attachments first) gives both lists in order.
_PARTS = ScopedLookup(
    select(
        *_columns(Application, *_APPLICATION),
        *_columns(Attachment, *_ATTACHMENT),
        *_columns(SupplementRequest, *_SUPPLEMENT_REQUEST),
        *_columns(Decision, *_DECISION),
        col(Authorisation.id),
    )
    .select_from(Application)
    .outerjoin(Attachment, col(Attachment.application_id) == col(Application.id))
    .outerjoin(SupplementRequest, col(SupplementRequest.application_id) == col(Application.id))
    .outerjoin(Decision, col(Decision.application_id) == col(Application.id))
    .outerjoin(Authorisation, col(Authorisation.application_id) == col(Application.id))
    .where(col(Application.id) == bindparam("application_id"))
    .order_by(
        col(Attachment.created_at),
        col(Attachment.id),
        col(SupplementRequest.requested_at),
        col(SupplementRequest.id),
    ),
    Application,
)

# The same statements run on the driver's connection.
_PARTS_READS = {key: DriverRead(statement) for key, statement in _PARTS.statements().items()}

# Oldest first, so that the latest verdict on a condition comes last.
_ASSESSMENTS = (
    select(*_columns(Assessment, *_ASSESSMENT))
    .where(col(Assessment.application_id) == bindparam("application_id"))
    .order_by(col(Assessment.id))
)


def _fields(names: Sequence[str], values: Sequence[Any]) -> Fields:
    return dict(zip(names, values, strict=True))


def _parts(rows: Sequence[tuple[Any, ...]]) -> ApplicationParts:
    first = rows[0]
    attachments: dict[str, Fields] = {}
    requests: dict[str, Fields] = {}
    for values in rows:
        attachment, request = values[_A_END:_T_END], values[_T_END:_S_END]
        if attachment[0] is not None and attachment[0] not in attachments:
            attachments[attachment[0]] = _fields(_ATTACHMENT, attachment)
        if request[0] is not None and request[0] not in requests:
            requests[request[0]] = _fields(_SUPPLEMENT_REQUEST, request)
    decision = first[_S_END:_D_END]
    return ApplicationParts(
        application=_fields(_APPLICATION, first[:_A_END]),
        attachments=list(attachments.values()),
        supplement_requests=list(requests.values()),
        decision=_fields(_DECISION, decision) if decision[0] is not None else None,
        authorisation_id=first[_D_END],
    )


async def application_parts(
    connection: AsyncConnection, application_id: str, owner: str | None, areas: frozenset[str] | None
) -> ApplicationParts | None:
    """The application if the owner or areas given may see it (as `shared.tenancy.visible_row`), with its
    attachments, supplement requests, decision and authorisation."""
    key, values = _PARTS.scoped_key(owner, areas, application_id=application_id)
    rows = await _PARTS_READS[key].all(connection, values)
    return _parts(rows) if rows else None


async def assessments(connection: AsyncConnection, application_id: str) -> list[Fields]:
    """The assessments of an application, oldest first."""
    rows = await connection.execute(_ASSESSMENTS, {"application_id": application_id})
    return [_fields(_ASSESSMENT, tuple(row)) for row in rows]
