"""Decision letters carried inside events, so that the notifications service can render them without
asking the service that decided."""

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict


class Frozen(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class CitedCondition(Frozen):
    code: str
    title_sv: str
    title_en: str


class LegalFrameRef(Frozen):
    code: str
    name_sv: str
    name_en: str


class AppealRoute(Frozen):
    """How and by when a decision can be challenged under its legal frame."""

    route_sv: str
    route_en: str
    body_sv: str
    body_en: str
    law_reference: str
    # In days where that is one number (a period of days or weeks); a period of months has none.
    period_days: int | None
    # The period as the frame states it, and what it runs from ("decision_notice" under LOV,
    # "minutes_announced" for a legality review). None in letters written before they were carried.
    period_amount: int | None = None
    period_unit: str | None = None  # "days", "weeks" or "months"
    runs_from: str | None = None
    period_sv: str
    period_en: str
    # The act the last day is counted under (lag (1930:173) om beräkning av lagstadgad tid).
    computed_under: str | None = None
    # The last day if the letter is received the day it is sent; known only when the period runs from the
    # notice of the decision itself.
    deadline: date | None


class DecisionLetter(Frozen):
    kind: str  # "application_approved", "application_rejected" or "authorisation_revoked"
    subject: str
    provider_name: str
    organisation_number: str
    area_code: str
    area_name_sv: str
    area_name_en: str
    decided_at: datetime
    decided_on: date
    reasons: str
    conditions_not_met: list[CitedCondition]
    legal_frame: LegalFrameRef
    appeal: AppealRoute
