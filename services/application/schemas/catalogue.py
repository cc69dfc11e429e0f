"""Bodies of the area, conditions and register routes."""

import re
from datetime import date, datetime
from typing import Any, Self

from pydantic import BaseModel, Field, field_validator

from services.application.domain.conditions import Condition
from services.application.domain.decisions import Frame, PeriodStart
from shared.free_text import Text
from shared.pagination import PageQuery
from shared.schemas import DB_INT_MAX, Strict
from shared.statutory_time import COMPUTATION_REFERENCE, PeriodUnit

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
RUNS_FROM = (
    "What the period runs from: `decision_notice` (LOV: the day the notice of the decision was received) or "
    "`minutes_announced` (legality review: the day the approved minutes were announced on the municipality's "
    "notice board)."
)


class PeriodOut(BaseModel):
    amount: int
    unit: PeriodUnit


class LegalFrameOut(BaseModel):
    code: str
    name_sv: str
    name_en: str
    appeal_route_sv: str
    appeal_route_en: str
    appeal_body_sv: str
    appeal_body_en: str
    period: PeriodOut
    runs_from: PeriodStart = Field(description=RUNS_FROM)
    rule_sv: str = Field(description="The appeal period's rule as the law states it")
    rule_en: str
    law_reference: str = Field(description="Where the rule is found")
    computed_under: str = Field(description="The act the last day is counted under")

    @classmethod
    def of(cls, frame: Frame) -> Self:
        return cls(
            code=frame.code,
            name_sv=frame.name_sv,
            name_en=frame.name_en,
            appeal_route_sv=frame.appeal_route_sv,
            appeal_route_en=frame.appeal_route_en,
            appeal_body_sv=frame.appeal_body_sv,
            appeal_body_en=frame.appeal_body_en,
            period=PeriodOut(amount=frame.period_amount, unit=frame.period_unit),
            runs_from=frame.period_starts,
            rule_sv=frame.period_sv,
            rule_en=frame.period_en,
            law_reference=frame.law_reference,
            computed_under=COMPUTATION_REFERENCE,
        )


class LegalFrameList(BaseModel):
    items: list[LegalFrameOut]


class DeadlineQuery(BaseModel):
    notified_on: date = Field(
        ge=date(2000, 1, 1),
        le=date(2099, 12, 31),
        description="YYYY-MM-DD: the day the period runs from (see the frame's `runs_from`), 2000 to 2099",
    )

    @field_validator("notified_on", mode="before")
    @classmethod
    def _calendar_date(cls, value: Any) -> Any:
        # A query string is lax: without this a number would pass as a Unix time.
        if not isinstance(value, str) or not ISO_DATE.match(value):
            raise ValueError("a date as YYYY-MM-DD")
        return value


class Deadline(BaseModel):
    code: str = Field(description="The legal frame")
    notified_on: date
    runs_from: PeriodStart = Field(description=RUNS_FROM)
    period: PeriodOut
    period_ends_on: date = Field(description="Where the period ends by lag (1930:173) 1 §")
    last_day: date = Field(
        description="The last day to appeal: the period's end, or the next weekday when that is a Saturday, "
        "Sunday, public holiday, midsummer eve, Christmas Eve or New Year's Eve (2 §)"
    )
    moved_because: str | None = Field(description="What the period's end is, in Swedish, when it was moved")
    rule_sv: str
    rule_en: str
    law_reference: str
    computed_under: str

    @classmethod
    def of(cls, frame: Frame, notified_on: date) -> Self:
        reckoned = frame.last_day(notified_on)
        about = LegalFrameOut.of(frame)
        return cls(
            code=frame.code,
            notified_on=notified_on,
            runs_from=frame.period_starts,
            period=about.period,
            period_ends_on=reckoned.period_ends_on,
            last_day=reckoned.last_day,
            moved_because=reckoned.moved_because,
            rule_sv=about.rule_sv,
            rule_en=about.rule_en,
            law_reference=about.law_reference,
            computed_under=about.computed_under,
        )


class AreaOut(BaseModel):
    code: str
    name_sv: str
    name_en: str
    legal_frame: str = Field(description="`LOV` or `kundval`")
    reimbursement_model: str
    conditions_version: int = Field(description="The conditions version in force")


class AreaDetail(AreaOut):
    frame: LegalFrameOut


class AreaList(BaseModel):
    items: list[AreaOut]


class ConditionsOut(BaseModel):
    area_code: str
    version: int
    in_force: bool
    published_at: datetime
    note: str
    conditions: list[Condition]


class ConditionsQuery(BaseModel):
    version: int | None = Field(
        None, ge=1, le=DB_INT_MAX, description="An earlier version; default the one in force"
    )


class NewConditionsVersion(Strict):
    note: Text = Field("", max_length=1000, description="What changed, for providers")
    conditions: list[Condition] = Field(min_length=1, max_length=100)


class RegisterEntry(BaseModel):
    authorisation_id: str
    area_code: str
    provider_name: str
    organisation_number: str | None = Field(
        description="Null for a sole trader: the number is the owner's personal identity number"
    )
    granted_at: datetime
    capacity_ceiling: int | None
    at_capacity: bool = Field(description="A provider at its ceiling cannot be chosen until it has room")


class RegisterQuery(PageQuery):
    area_code: str | None = Field(None, max_length=40)


class Register(BaseModel):
    items: list[RegisterEntry]
    next_cursor: str | None
