"""Bodies of the manager change and absence routes."""

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from services.reporting.domain.absences import AbsenceReason
from services.reporting.domain.manager_changes import ChangeOutcome, ChangeStatus
from shared.competence import (
    CompetencePrecheck,
    Education,
    PersonInCharge,
    PracticePeriod,
    SupervisionPeriod,
    Swedish,
)
from shared.free_text import Line, Text
from shared.pagination import PageQuery
from shared.schemas import Strict


class ManagerChangeIn(Strict):
    authorisation_id: str = Field(min_length=1, max_length=36)
    starts_on: date = Field(description="The day the new person in charge takes over")
    person_in_charge: PersonInCharge


class ManagerChangeDecisionIn(Strict):
    outcome: ChangeOutcome
    reasons: Text = Field("", max_length=4000, description="Required for a rejection")


class ManagerChangeOut(BaseModel):
    id: str
    authorisation_id: str
    provider_id: str
    area_code: str
    person_in_charge: PersonInCharge
    starts_on: date
    late: bool = Field(description="Reported after the start date")
    status: ChangeStatus
    created_at: datetime
    decided_at: datetime | None
    decision_reasons: str | None
    precheck: CompetencePrecheck | None = Field(None, description="Staff only: the automatic pre-check")


class ManagerChangeList(BaseModel):
    items: list[ManagerChangeOut]
    next_cursor: str | None


class ManagerChangeQuery(PageQuery):
    model_config = ConfigDict(extra="forbid")

    authorisation_id: str | None = Field(None, max_length=36)
    status: ChangeStatus | None = None


class Substitute(Strict):
    """Who stands in for the person in charge. For an absence longer than SUBSTITUTE_COMPETENCE_AFTER_DAYS
    (28) days the substitute also gives the competence details a new person in charge gives (the same
    fields and rows as `PersonInCharge`), and staff see the same pre-check on them."""

    name: Line = Field(min_length=1, max_length=200)
    role: Line = Field("", max_length=200)
    phone: str = Field("", max_length=40)
    email: str = Field("", max_length=254)
    education: list[Education] = Field(
        default_factory=list, max_length=20, description="Educations; required for a long absence"
    )
    practice: list[PracticePeriod] = Field(
        default_factory=list, max_length=50, description="Periods of practical work; required when long"
    )
    supervision: list[SupervisionPeriod] = Field(
        default_factory=list, max_length=50, description="Periods as a supervisor; required when long"
    )
    swedish: Swedish | None = Field(
        None, description="Command of Swedish; required for a long absence, else null when not stated"
    )

    def has_competence(self) -> dict[str, bool]:
        """Per competence field, whether anything was given in it."""
        return {
            "education": bool(self.education),
            "practice": bool(self.practice),
            "supervision": bool(self.supervision),
            "swedish": self.swedish is not None,
        }

    def as_person(self) -> PersonInCharge:
        """The substitute as the pre-check reads a person in charge."""
        return PersonInCharge(
            name=self.name,
            education=self.education,
            practice=self.practice,
            supervision=self.supervision,
            swedish=self.swedish,
        )


class AbsenceIn(Strict):
    authorisation_id: str = Field(min_length=1, max_length=36)
    substitute: Substitute
    starts_on: date
    ends_on: date = Field(description="Last day of the absence (included)")
    reason: AbsenceReason


class AbsenceOut(BaseModel):
    id: str
    authorisation_id: str
    provider_id: str
    area_code: str
    substitute: Substitute
    starts_on: date
    ends_on: date
    reason: AbsenceReason
    created_at: datetime
    precheck: CompetencePrecheck | None = Field(
        None,
        description=(
            "Staff only: the automatic competence pre-check of the substitute, made when the competence "
            "details are given (always for an absence longer than SUBSTITUTE_COMPETENCE_AFTER_DAYS days)"
        ),
    )


class AbsenceList(BaseModel):
    items: list[AbsenceOut]
    next_cursor: str | None


class AbsenceQuery(PageQuery):
    model_config = ConfigDict(extra="forbid")

    authorisation_id: str | None = Field(None, max_length=36)
