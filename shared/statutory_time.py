"""Legal time: the last day of a period set by law, counted by lag (1930:173) om beräkning av lagstadgad tid.

§ 1: a period of weeks ends on the weekday the period runs from, a period of months on the day with the same
number, or on the month's last day when it has no such day. A period of days ends that many days later: the
day it runs from is not counted.
§ 2: when the last day falls on a Saturday, a Sunday or another public holiday (lag (1989:253) om allmänna
helgdagar), midsummer eve, Christmas Eve or New Year's Eve, the act may be done on the next weekday.

The same days are what this system calls non-working days, so a due date staff set is checked against them.
"""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from functools import cache

from shared.errors import InvalidInput

COMPUTATION_REFERENCE = "Lag (1930:173) om beräkning av lagstadgad tid"
WEEKDAY_NAMES_SV = ("måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag")
SATURDAY = 5
# The holidays package computes its calendars up to 2100 (`Sweden.end_year`); later days would all look like
# working days, so a due date after it cannot be checked (a unit test holds the two together).
LAST_CALENDAR_DAY = date(2100, 12, 31)
# How a due date staff set is checked, for the API's descriptions of such fields.
DUE_ON_A_WORKING_DAY = (
    "a working day: a weekend, public holiday, midsummer eve, Christmas Eve or New Year's Eve is refused "
    "(422), not moved"
)


class PeriodUnit(StrEnum):
    DAYS = "days"
    WEEKS = "weeks"
    MONTHS = "months"


@dataclass(frozen=True)
class Period:
    amount: int
    unit: PeriodUnit

    def __post_init__(self) -> None:
        if self.amount < 1:
            raise ValueError("a period is at least one day, week or month long")


@dataclass(frozen=True)
class LastDay:
    """A period's end by § 1 and the day the act may still be done by § 2, with why they differ."""

    period_ends_on: date
    last_day: date
    # The Swedish name of what the § 1 day is (e.g. "julafton", "lördag"), when § 2 moved it.
    moved_because: str | None


@cache
def _swedish_holidays(year: int) -> dict[date, str]:
    # Imported on first use: the package takes a second or more to import, which every start would pay.
    import holidays
    from holidays.constants import DE_FACTO, PUBLIC

    # PUBLIC is the list of lag (1989:253) but for Sundays, which the weekday covers; DE_FACTO is exactly
    # midsummer eve, Christmas Eve and New Year's Eve, the days § 2 adds.
    calendar_of_year = holidays.country_holidays(
        "SE", years=year, categories=(PUBLIC, DE_FACTO), language="sv"
    )
    return {day: name for day, name in calendar_of_year.items()}


def non_working_reason(day: date) -> str | None:
    """Why `day` is no weekday under § 2 (a holiday's Swedish name, or the weekend day), None on a weekday."""
    holiday = _swedish_holidays(day.year).get(day)
    if holiday is not None:
        return holiday.lower()
    if day.weekday() >= SATURDAY:
        return WEEKDAY_NAMES_SV[day.weekday()]
    return None


def is_working_day(day: date) -> bool:
    return non_working_reason(day) is None


def next_working_day(day: date) -> date:
    """`day` itself when it is a working day, else the first working day after it."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def add_working_days(runs_from: date, days: int) -> date:
    """The day `days` working days after `runs_from`, which is not counted (as § 1 counts a period of days):
    from a Friday, one working day is the Monday, or the Tuesday when that Monday is a holiday. The answer is
    a working day by construction, so § 2 never moves it."""
    if days < 1:
        raise ValueError("at least one working day")
    day = runs_from
    for _ in range(days):
        day = next_working_day(day + timedelta(days=1))
    return day


def period_end(runs_from: date, period: Period) -> date:
    """The last day of the period by § 1, before § 2 is applied."""
    if period.unit is PeriodUnit.DAYS:
        return runs_from + timedelta(days=period.amount)
    if period.unit is PeriodUnit.WEEKS:
        return runs_from + timedelta(weeks=period.amount)
    months = runs_from.month - 1 + period.amount
    year, month = runs_from.year + months // 12, months % 12 + 1
    return date(year, month, min(runs_from.day, calendar.monthrange(year, month)[1]))


def last_day(runs_from: date, period: Period) -> LastDay:
    """The last day on which the act may be done, for a period that runs from `runs_from`."""
    ends = period_end(runs_from, period)
    return LastDay(
        period_ends_on=ends, last_day=next_working_day(ends), moved_because=non_working_reason(ends)
    )


def due_date_error(day: date, today: date, location: str) -> dict[str, str] | None:
    """What is wrong with a due date staff set, as a problem entry; None when it is after today, within the
    holiday calendar and on a working day. A day off is refused rather than moved, so the date the provider
    is told is the one staff chose."""
    if day <= today:
        return {"location": location, "message": "must be a future date", "type": "date_not_future"}
    if day > LAST_CALENDAR_DAY:
        return {
            "location": location,
            "message": f"the holiday calendar reaches {LAST_CALENDAR_DAY.isoformat()}",
            "type": "date_too_far",
        }
    reason = non_working_reason(day)
    if reason is None:
        return None
    return {
        "location": location,
        "message": f"{day.isoformat()} is {reason}; the next working day is {next_working_day(day)}",
        "type": "not_working_day",
    }


def ensure_due_date(day: date, today: date, location: str) -> None:
    error = due_date_error(day, today, location)
    if error is not None:
        raise InvalidInput(
            "A due date is after today (Europe/Stockholm) and on a working day in Sweden: a weekday that is "
            "not a public holiday, midsummer eve, Christmas Eve or New Year's Eve.",
            errors=[error],
        )
