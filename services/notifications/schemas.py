"""Request and response bodies of the notifications service (HTTP only)."""

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from services.notifications.domain import WorkItemKind, WorkItemStatus
from shared.schemas import Strict


class WorkItemOut(BaseModel):
    id: str
    kind: WorkItemKind
    area_code: str
    subject: str
    title: str
    organisation_number: str | None
    urgent: bool
    status: WorkItemStatus
    created_at: datetime
    updated_at: datetime
    claimed_by: str | None
    claimed_at: datetime | None
    completed_by: str | None
    completed_at: datetime | None
    completion_note: str | None


class WorkItemList(BaseModel):
    items: list[WorkItemOut]
    next_cursor: str | None


class WorkItemQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    status: WorkItemStatus | None = None
    area_code: str | None = Field(None, max_length=40)
    subject: str | None = Field(None, max_length=200, description="e.g. applications/{id}")
    limit: int = Field(50, ge=1, le=200)
    cursor: str | None = Field(None, max_length=200)


class InboxEntryOut(BaseModel):
    id: str
    event_type: str
    subject: str | None
    message_sv: str
    created_at: datetime
    read_at: datetime | None


class InboxPage(BaseModel):
    items: list[InboxEntryOut]
    next_cursor: str | None


class InboxQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    unread: bool = Field(False, description="Only entries not yet marked read")
    limit: int = Field(50, ge=1, le=200)
    cursor: str | None = Field(None, max_length=200)


class CompletionIn(Strict):
    note: str = Field("", max_length=2000, description="What was done")
