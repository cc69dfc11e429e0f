"""Bodies of the authorisation routes."""

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field, model_validator

from services.application.domain.authorisations import AuthorisationStatus, WarningStatus
from shared.events.letters import CitedCondition, DecisionLetter
from shared.free_text import Text
from shared.pagination import PageQuery
from shared.schemas import Strict
from shared.statutory_time import DUE_ON_A_WORKING_DAY


class PendingManagerChange(BaseModel):
    id: str
    person_name: str
    starts_on: date
    late: bool
    reported_at: datetime


class WarningOut(BaseModel):
    id: str
    condition: CitedCondition
    deficiency: str
    remediation_deadline: date
    issued_by: str
    issued_at: datetime
    status: WarningStatus = Field(
        description="issued; remedied when staff accept the answer to its follow-up request; deadline_passed "
        "when the remediation deadline passed without an accepted answer"
    )
    follow_up_request_id: str = Field(
        description="The follow-up request the warning opened (GET /follow-up-requests/{id}), where the "
        "provider answers"
    )
    remedied_at: datetime | None


class CapacityChangeOut(BaseModel):
    capacity_ceiling: int | None
    current_customers: int | None
    changed_by: str
    changed_at: datetime


class AuthorisationSummary(BaseModel):
    id: str
    provider_id: str
    area_code: str
    application_id: str
    conditions_version: int
    status: AuthorisationStatus
    person_in_charge_name: str | None
    pending_manager_change: PendingManagerChange | None = Field(
        description="A reported change of the person in charge awaiting the municipality's approval"
    )
    capacity_ceiling: int | None
    current_customers: int | None
    at_capacity: bool
    created_at: datetime
    revoked_at: datetime | None


class AuthorisationOut(AuthorisationSummary):
    warnings: list[WarningOut]
    capacity_history: list[CapacityChangeOut]
    revocation: DecisionLetter | None


class AuthorisationList(BaseModel):
    items: list[AuthorisationSummary]
    next_cursor: str | None


class AuthorisationQuery(PageQuery):
    model_config = ConfigDict(extra="forbid")

    status: AuthorisationStatus | None = None
    area_code: str | None = Field(None, max_length=40)


class CapacityIn(Strict):
    capacity_ceiling: int | None = Field(
        ge=1, le=100_000, description="Most customers taken at once; null clears the ceiling"
    )
    current_customers: int | None = Field(
        None,
        ge=0,
        le=100_000,
        description="Customers now; required with a ceiling, to tell whether it is reached",
    )

    @model_validator(mode="after")
    def customers_with_ceiling(self) -> "CapacityIn":
        if self.capacity_ceiling is not None and self.current_customers is None:
            raise ValueError("current_customers is required when a capacity_ceiling is set")
        return self


class WarningIn(Strict):
    condition_code: str = Field(min_length=1, max_length=60, description="The condition not met")
    deficiency: Text = Field(min_length=1, max_length=4000, description="What is wrong")
    remediation_deadline: date = Field(
        description=f"By when it must be put right; after today and {DUE_ON_A_WORKING_DAY}"
    )


class RevocationIn(Strict):
    reasons: Text = Field(min_length=1, max_length=4000)
    conditions_not_met: list[str] = Field(min_length=1, max_length=100)
