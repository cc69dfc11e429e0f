"""Bodies of the deviation routes."""

from datetime import datetime

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from services.reporting.domain.deviations import Category, DeviationStatus, Severity
from shared.free_text import Text
from shared.pagination import PageQuery
from shared.schemas import Strict


class DeviationIn(Strict):
    authorisation_id: str = Field(min_length=1, max_length=36)
    category: Category
    severity: Severity
    occurred_at: AwareDatetime = Field(description="When it happened (with a UTC offset)")
    discovered_at: AwareDatetime = Field(description="When the provider found out")
    description: Text = Field(
        min_length=1, max_length=10_000, description="What happened; no personal identity numbers"
    )
    immediate_actions: Text = Field(min_length=1, max_length=10_000, description="What was done at once")


class StaffNote(Strict):
    note: Text = Field("", max_length=4000)


class ClosureIn(Strict):
    note: Text = Field(min_length=1, max_length=4000, description="How the case was concluded")


class DeviationOut(BaseModel):
    id: str
    authorisation_id: str
    provider_id: str
    area_code: str
    category: Category
    severity: Severity
    occurred_at: datetime
    discovered_at: datetime
    description: str
    immediate_actions: str
    status: DeviationStatus
    created_at: datetime
    acknowledged_at: datetime | None
    acknowledgement_note: str | None
    closed_at: datetime | None
    closure_note: str | None


class DeviationList(BaseModel):
    items: list[DeviationOut]
    next_cursor: str | None


class DeviationQuery(PageQuery):
    model_config = ConfigDict(extra="forbid")

    status: DeviationStatus | None = None
    severity: Severity | None = None
