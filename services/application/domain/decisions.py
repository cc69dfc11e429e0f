"""Decisions and their letters: a rejection or revocation cites the conditions not met, and every letter
names the legal frame and the appeal route and deadline that frame gives. The routes and their periods are
data (the legal_frames table), not code, because the law and the regulation change independently."""

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from services.application.domain.conditions import Condition, ensure_known
from shared.clock import stockholm_date
from shared.errors import InvalidInput
from shared.events.letters import AppealRoute, CitedCondition, DecisionLetter, LegalFrameRef
from shared.statutory_time import COMPUTATION_REFERENCE, LastDay, Period, PeriodUnit, last_day


class PeriodStart(StrEnum):
    DECISION_NOTICE = "decision_notice"  # LOV: from the notice of the decision
    MINUTES_ANNOUNCED = "minutes_announced"  # legality review: from the notice-board announcement


class DecisionOutcome(StrEnum):
    APPROVED = "approved"
    REJECTED = "rejected"


@dataclass(frozen=True)
class Frame:
    code: str
    name_sv: str
    name_en: str
    appeal_route_sv: str
    appeal_route_en: str
    appeal_body_sv: str
    appeal_body_en: str
    law_reference: str
    period_amount: int
    period_unit: PeriodUnit
    period_starts: PeriodStart
    # The rule in words: how long, and from which day.
    period_sv: str
    period_en: str

    @property
    def period(self) -> Period:
        return Period(self.period_amount, self.period_unit)

    def last_day(self, runs_from: date) -> LastDay:
        """The last day to appeal when the period runs from `runs_from` (the day of the notice under LOV, of
        the minutes' announcement for a legality review)."""
        return last_day(runs_from, self.period)


@dataclass(frozen=True)
class Case:
    """Who and what a letter is about."""

    subject: str
    provider_name: str
    organisation_number: str
    area_code: str
    area_name_sv: str
    area_name_en: str


def appeal_route(frame: Frame, decided_on: date) -> AppealRoute:
    deadline = None
    if frame.period_starts is PeriodStart.DECISION_NOTICE:
        # The letter is the notice; the date holds if it is received the day it is sent, and a provider who
        # got it later counts from that day (GET /legal-frames/{code}/deadline).
        deadline = frame.last_day(decided_on).last_day
    return AppealRoute(
        route_sv=frame.appeal_route_sv,
        route_en=frame.appeal_route_en,
        body_sv=frame.appeal_body_sv,
        body_en=frame.appeal_body_en,
        law_reference=frame.law_reference,
        period_days=_fixed_days(frame.period),
        period_amount=frame.period_amount,
        period_unit=frame.period_unit.value,
        runs_from=frame.period_starts.value,
        period_sv=frame.period_sv,
        period_en=frame.period_en,
        computed_under=COMPUTATION_REFERENCE,
        deadline=deadline,
    )


def _fixed_days(period: Period) -> int | None:
    """The period in days, where that is one number: not for months, whose length varies."""
    return {PeriodUnit.DAYS: period.amount, PeriodUnit.WEEKS: 7 * period.amount}.get(period.unit)


def cited(codes: list[str], conditions: list[Condition]) -> list[CitedCondition]:
    by_code = {c.code: c for c in conditions}
    return [
        CitedCondition(code=code, title_sv=by_code[code].title_sv, title_en=by_code[code].title_en)
        for code in dict.fromkeys(codes)
    ]


def ensure_rejection_cites(unmet: list[str], conditions: list[Condition], assessed_not_met: set[str]) -> None:
    """A rejection names the conditions not met, each one assessed as not met."""
    if not unmet:
        raise InvalidInput(
            "A rejection must cite the conditions that are not met.",
            errors=[{"location": "conditions_not_met", "message": "cite at least one", "type": "missing"}],
        )
    ensure_known(unmet, conditions, "conditions_not_met.{index}")
    unassessed = [code for code in unmet if code not in assessed_not_met]
    if unassessed:
        raise InvalidInput(
            "Assess a condition as not met before citing it in a rejection.",
            errors=[
                {
                    "location": "conditions_not_met",
                    "message": f"{code} is not assessed as not met",
                    "type": "unassessed",
                }
                for code in unassessed
            ],
        )


def approval_blockers(conditions: list[Condition], verdicts: dict[str, bool]) -> list[dict[str, str]]:
    """Every condition shown at authorisation must be assessed as met before an approval."""
    blockers = []
    for condition in conditions:
        if not condition.shown_at_authorisation:
            continue
        verdict = verdicts.get(condition.code)
        if verdict is None:
            blockers.append({"condition": condition.code, "problem": "not assessed"})
        elif not verdict:
            blockers.append({"condition": condition.code, "problem": "assessed as not met"})
    return blockers


def letter(
    kind: str,
    case: Case,
    frame: Frame,
    *,
    decided_at: datetime,
    reasons: str,
    not_met: list[CitedCondition],
) -> DecisionLetter:
    decided_on = stockholm_date(decided_at)
    return DecisionLetter(
        kind=kind,
        subject=case.subject,
        provider_name=case.provider_name,
        organisation_number=case.organisation_number,
        area_code=case.area_code,
        area_name_sv=case.area_name_sv,
        area_name_en=case.area_name_en,
        decided_at=decided_at,
        decided_on=decided_on,
        reasons=reasons,
        conditions_not_met=not_met,
        legal_frame=LegalFrameRef(code=frame.code, name_sv=frame.name_sv, name_en=frame.name_en),
        appeal=appeal_route(frame, decided_on),
    )
