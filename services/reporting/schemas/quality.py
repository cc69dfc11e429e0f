"""Bodies of the quality-round and quality-report routes."""

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from services.reporting.domain.quality import QualityReportContent, ReportStatus, ReviewOutcome
from shared.free_text import Text
from shared.pagination import PageQuery
from shared.schemas import Strict
from shared.statutory_time import DUE_ON_A_WORKING_DAY


class RoundIn(Strict):
    year: int = Field(ge=2000, le=2100, description="The year reported on; its year has ended")
    deadline: date | None = Field(
        None,
        description=f"After today and {DUE_ON_A_WORKING_DAY}. Default: the configured deadline in the "
        "following year, or the next working day after it",
    )


class RoundOut(BaseModel):
    year: int
    deadline: date
    opened_at: datetime
    opened_by: str
    complete: bool = Field(description="Every request has been made")
    requested: int
    submitted: int
    accepted: int
    overdue: int


class RoundList(BaseModel):
    items: list[RoundOut]
    next_cursor: str | None


class QualityReportOut(BaseModel):
    id: str
    authorisation_id: str
    provider_id: str
    area_code: str
    year: int
    deadline: date
    status: ReportStatus
    content: QualityReportContent
    created_at: datetime
    saved_at: datetime | None
    submitted_at: datetime | None
    reviewed_at: datetime | None
    review_note: str | None
    completion_due: date | None
    overdue: bool = Field(description="The deadline passed before it was submitted")


class QualityReportList(BaseModel):
    items: list[QualityReportOut]
    next_cursor: str | None


class QualityReportQuery(PageQuery):
    model_config = ConfigDict(extra="forbid")

    year: int | None = Field(None, ge=2000, le=2100)
    status: ReportStatus | None = None


class ReviewIn(Strict):
    outcome: ReviewOutcome
    note: Text = Field("", max_length=4000, description="Required when asking for completion")
    due_date: date | None = Field(
        None,
        description=f"Required when asking for completion; after today and {DUE_ON_A_WORKING_DAY}",
    )
