"""Decision letters, and the notice of one carried inside events, so that the notifications service can
announce a decision without asking the service that decided."""

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


class DecisionNotice(Frozen):
    """What an event carries of a decision letter: what was decided, when, under which frame and how to
    appeal. Never the reasons staff wrote (they may concern people in care) nor the organisation number (a
    sole trader's is a personal identity number): the whole letter is behind the link."""

    kind: str  # "application_approved", "application_rejected" or "authorisation_revoked"
    subject: str
    provider_name: str
    area_code: str
    area_name_sv: str
    area_name_en: str
    decided_at: datetime
    decided_on: date
    conditions_not_met: list[CitedCondition]
    legal_frame: LegalFrameRef
    appeal: AppealRoute


class DecisionLetter(DecisionNotice):
    """The whole letter, as the deciding service keeps and shows it to those who may see the case."""

    organisation_number: str
    reasons: str

    def notice(self) -> DecisionNotice:
        return DecisionNotice.model_validate(self.model_dump(include=set(DecisionNotice.model_fields)))
