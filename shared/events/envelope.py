"""CloudEvents 1.0 structured-mode JSON envelope carried by every message on the event exchange."""

import uuid
from datetime import datetime
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field

from shared.clock import now_utc
from shared.logging import correlation_id

SCHEMA_URN = "urn:kundval:event:{type}:v{version}"


class CloudEvent(BaseModel):
    """`correlationid` is an extension attribute. There is no organisation number extension: a sole
    trader's is the owner's personal identity number, and messages written with one are read without it."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    specversion: Literal["1.0"] = "1.0"
    id: str
    source: str
    type: str
    time: datetime
    subject: str | None = None
    datacontenttype: Literal["application/json"] = "application/json"
    dataschema: str
    correlationid: str | None = None
    data: dict[str, Any] = Field(default_factory=dict)

    @property
    def version(self) -> int:
        return int(self.dataschema.rsplit(":v", 1)[1])


class EventPayload(BaseModel):
    """Base of every versioned payload: an existing version only ever gains optional fields."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    event_type: ClassVar[str]
    event_version: ClassVar[int] = 1

    def subject(self) -> str | None:
        return None


def make_event(payload: EventPayload, *, source: str) -> CloudEvent:
    return CloudEvent(
        id=str(uuid.uuid4()),
        source=source,
        type=payload.event_type,
        time=now_utc(),
        subject=payload.subject(),
        dataschema=SCHEMA_URN.format(type=payload.event_type, version=payload.event_version),
        correlationid=correlation_id(),
        data=payload.model_dump(mode="json"),
    )
