"""Bodies of the follow-up routes."""

from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from services.reporting.domain.follow_ups import AnswerVerdict, FollowUpStatus
from shared.free_text import MULTI_LINE, Text
from shared.pagination import PageQuery
from shared.schemas import Strict
from shared.statutory_time import DUE_ON_A_WORKING_DAY

Question = Annotated[str, Field(min_length=1, max_length=2000), MULTI_LINE]


class FollowUpRequestIn(Strict):
    authorisation_id: str = Field(min_length=1, max_length=36)
    questions: list[Question] = Field(min_length=1, max_length=50)
    due_date: date = Field(description=f"By when (Europe/Stockholm); after today and {DUE_ON_A_WORKING_DAY}")


class FollowUpResponseIn(Strict):
    answer: Text = Field(min_length=1, max_length=20_000)


class RejectionIn(Strict):
    # Blanks alone state no reason.
    reasons: Text = Field(
        min_length=1, max_length=4000, pattern=r"\S", description="Why the answer does not suffice"
    )


class DocumentOut(BaseModel):
    id: str
    filename: str
    media_type: str
    size: int
    sha256: str
    created_at: datetime


class AnswerOut(BaseModel):
    number: int = Field(description="1 for the first answer, counting up")
    answer: str
    responded_by: str
    responded_at: datetime
    verdict: AnswerVerdict | None = Field(description="Staff's verdict; null while it awaits one")
    reasons: str | None = Field(description="Why staff rejected it")
    decided_by: str | None
    decided_at: datetime | None
    documents: list[DocumentOut]


class FollowUpOut(BaseModel):
    id: str
    authorisation_id: str
    provider_id: str
    area_code: str
    questions: list[str]
    due_date: date
    status: FollowUpStatus
    created_at: datetime
    answer: str | None = Field(description="The latest answer")
    responded_at: datetime | None
    accepted_at: datetime | None
    warning_id: str | None = Field(
        description="The warning on the authorisation that opened the request; its due date is the "
        "warning's remediation deadline. Null for a request staff made."
    )
    condition_code: str | None = Field(description="The condition the warning cites")
    overdue: bool = Field(
        description="Past its due date without an answer (a warning's: without an accepted answer)"
    )
    documents: list[DocumentOut] | None = Field(None, description="On GET /follow-up-requests/{id} only")
    answers: list[AnswerOut] | None = Field(
        None, description="Every answer with its verdict; on GET /follow-up-requests/{id} only"
    )


class FollowUpList(BaseModel):
    items: list[FollowUpOut]
    next_cursor: str | None


class FollowUpQuery(PageQuery):
    model_config = ConfigDict(extra="forbid")

    status: FollowUpStatus | None = None
