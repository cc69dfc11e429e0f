"""Request and response bodies of the notifications service (HTTP only)."""

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, EmailStr, Field

from services.notifications.domain.deliveries import DeliveryStatus
from services.notifications.domain.preferences import Channel, Language
from services.notifications.domain.work_items import WorkItemKind, WorkItemStatus
from shared.free_text import Line, Text
from shared.pagination import PageQuery
from shared.schemas import QueryDay, Strict


class WorkItemOut(BaseModel):
    id: str
    kind: WorkItemKind
    area_code: str
    subject: str
    title: str
    urgent: bool
    status: WorkItemStatus
    created_at: datetime
    updated_at: datetime
    due_on: date = Field(description="The last day to handle it: working days from its arrival, by its kind")
    overdue: bool = Field(description="Not done by its due date: escalated to the area's leads, shown first")
    overdue_since: datetime | None = Field(description="When it was escalated")
    late: bool = Field(description="A change of the person in charge reported after it took effect")
    claimed_by: str | None
    claimed_at: datetime | None
    completed_by: str | None
    completed_at: datetime | None
    completion_note: str | None


class WorkItemList(BaseModel):
    items: list[WorkItemOut]
    next_cursor: str | None


class WorkItemQuery(PageQuery):
    model_config = ConfigDict(extra="forbid")

    status: WorkItemStatus | None = None
    area_code: str | None = Field(None, max_length=40)
    subject: str | None = Field(None, max_length=200, description="e.g. applications/{id}")
    overdue: bool | None = Field(
        None, description="true: only items escalated past their due date; false: only the others"
    )
    due_before: QueryDay | None = Field(None, description="Only items due before this day (YYYY-MM-DD)")


class InboxEntryOut(BaseModel):
    id: str
    event_id: str = Field(description="The event told of; a webhook message carries the same")
    event_type: str
    subject: str | None
    title: str
    body: str
    link: str | None = Field(description="Where the subject is found in the API")
    language: Language
    created_at: datetime
    read_at: datetime | None


class InboxPage(BaseModel):
    items: list[InboxEntryOut]
    next_cursor: str | None


class InboxQuery(PageQuery):
    model_config = ConfigDict(extra="forbid")

    unread: bool = Field(False, description="Only entries not yet marked read")


class CompletionIn(Strict):
    note: Text = Field("", max_length=2000, description="What was done")


class PreferencesIn(Strict):
    language: Language = Field(Language.SV, description="Language of texts and emails")
    email_address: EmailStr | None = Field(
        None, description="Staff only: where your email goes. A provider's goes to its contact address."
    )
    channels: dict[str, list[Channel]] = Field(
        default_factory=dict,
        description="Event type -> channels, for the kinds you want other than the default; the inbox is "
        "always on.",
    )


class PreferencesChange(Strict):
    language: Language | None = Field(None, description="Language of texts and emails; left out, kept")
    email_address: EmailStr | None = Field(
        None, description="Staff only: where your email goes; left out, kept; null stops email to it"
    )
    channels: dict[str, list[Channel]] = Field(
        default_factory=dict,
        description="Event type -> channels, for the kinds to change; every other kind keeps what it had. "
        "The inbox is always on.",
    )


class PreferencesOut(BaseModel):
    recipient: str
    language: Language
    email_address: str | None = Field(description="Where your email goes, if anywhere")
    email_enabled: bool = Field(description="Whether this installation sends email at all")
    channels: dict[str, list[Channel]] = Field(description="Every kind you hear of, with its channels")


class SubscriptionIn(Strict):
    url: str = Field(max_length=500, description="https:// URL that receives signed POSTs")
    event_types: list[str] = Field(min_length=1, max_length=50)
    description: Line = Field("", max_length=200)


class SubscriptionChange(Strict):
    enabled: bool | None = Field(None, description="true enables a disabled subscription again")
    event_types: list[str] | None = Field(None, min_length=1, max_length=50)
    description: Line | None = Field(None, max_length=200)


class SubscriptionOut(BaseModel):
    id: str
    url: str
    description: str
    event_types: list[str]
    enabled: bool
    disabled_reason: str | None
    disabled_at: datetime | None
    created_at: datetime
    updated_at: datetime


class SubscriptionCreated(SubscriptionOut):
    secret: str = Field(description="Signing secret (Standard Webhooks `whsec_...`), shown only now")


class SecretRotated(SubscriptionCreated):
    previous_secret_until: datetime = Field(
        description="Until when messages are also signed with the secret before this one"
    )


class SubscriptionList(BaseModel):
    items: list[SubscriptionOut]


class AttemptOut(BaseModel):
    attempted_at: datetime
    succeeded: bool
    status_code: int | None
    error: str | None
    duration_ms: int


class DeliveryOut(BaseModel):
    id: str
    message_id: str = Field(description="The `webhook-id` header the receiver saw, the same on every attempt")
    event_id: str
    event_type: str
    subject: str | None
    status: DeliveryStatus
    attempts: int = Field(description="Attempts since it was last queued")
    next_attempt_at: datetime | None
    last_error: str | None
    created_at: datetime
    delivered_at: datetime | None
    payload: dict[str, Any] = Field(description="The body that is signed and sent")
    log: list[AttemptOut]


class DeliveryPage(BaseModel):
    items: list[DeliveryOut]
    next_cursor: str | None


class DeliveryQuery(PageQuery):
    model_config = ConfigDict(extra="forbid")

    status: DeliveryStatus | None = None
