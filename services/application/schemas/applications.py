"""Bodies of the application and review routes."""

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from services.application.domain.applications import ApplicationStatus
from services.application.domain.decisions import DecisionOutcome
from shared.competence import CompetencePrecheck, PersonInCharge
from shared.events.letters import DecisionLetter
from shared.free_text import Line, Text
from shared.pagination import PageQuery
from shared.schemas import Strict
from shared.statutory_time import DUE_ON_A_WORKING_DAY


class ApplicationCreate(Strict):
    area_code: str = Field(min_length=1, max_length=40)


class ApplicationChanges(Strict):
    """Only what is given changes. An answer set to null is removed; `person_in_charge` replaces the whole
    proposal."""

    answers: dict[Line, Text | None] | None = Field(
        None,
        max_length=100,
        description="Written answer per condition code (conditions with evidence `statement`)",
    )
    person_in_charge: PersonInCharge | None = None


class AttachmentOut(BaseModel):
    id: str
    filename: str
    media_type: str
    size: int
    sha256: str
    created_at: datetime


class SupplementRequestOut(BaseModel):
    id: str
    message: str
    condition_codes: list[str]
    due_date: date
    requested_at: datetime
    answered_at: datetime | None


class AssessmentOut(BaseModel):
    condition_code: str
    met: bool
    comment: str
    assessed_by: str
    assessed_at: datetime


class DecisionOut(BaseModel):
    outcome: DecisionOutcome
    reasons: str
    decided_at: datetime
    letter: DecisionLetter
    authorisation_id: str | None = None


class ApplicationSummary(BaseModel):
    id: str
    provider_id: str
    area_code: str
    status: ApplicationStatus
    conditions_version: int
    created_at: datetime
    updated_at: datetime
    submitted_at: datetime | None
    decided_at: datetime | None


class ApplicationOut(ApplicationSummary):
    answers: dict[str, str]
    person_in_charge: PersonInCharge | None
    attachments: list[AttachmentOut]
    supplement_requests: list[SupplementRequestOut]
    decision: DecisionOut | None
    assessments: list[AssessmentOut] | None = Field(
        None, description="Staff only: the latest verdict per condition"
    )
    precheck: CompetencePrecheck | None = Field(
        None, description="Staff only: the automatic competence pre-check run at submission; it never decides"
    )


class ApplicationList(BaseModel):
    items: list[ApplicationSummary]
    next_cursor: str | None


class ApplicationQuery(PageQuery):
    model_config = ConfigDict(extra="forbid")

    status: ApplicationStatus | None = None
    area_code: str | None = Field(None, max_length=40)


class Verdict(Strict):
    condition_code: str = Field(min_length=1, max_length=60)
    met: bool
    comment: Text = Field("", max_length=2000)


class Assessments(Strict):
    assessments: list[Verdict] = Field(min_length=1, max_length=100)


class SupplementRequestIn(Strict):
    message: Text = Field(min_length=1, max_length=4000, description="What is asked for")
    condition_codes: list[str] = Field(
        default_factory=list, max_length=100, description="Conditions concerned"
    )
    due_date: date = Field(description=f"By when (Europe/Stockholm); after today and {DUE_ON_A_WORKING_DAY}")


class DecisionIn(Strict):
    outcome: DecisionOutcome
    reasons: Text = Field(min_length=1, max_length=4000)
    conditions_not_met: list[str] = Field(
        default_factory=list,
        max_length=100,
        description="Required for a rejection: conditions assessed as not met",
    )
