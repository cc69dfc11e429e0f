"""Legal periods by lag (1930:173), with examples counted by hand on a printed calendar.

Easter Sunday: 20 April 2025, 5 April 2026, 28 March 2027. Ascension Day is the Thursday 39 days later.
"""

from datetime import date, timedelta

import pytest
from holidays.countries.sweden import Sweden

from shared.errors import InvalidInput
from shared.statutory_time import (
    LAST_CALENDAR_DAY,
    Period,
    PeriodUnit,
    ensure_due_date,
    is_working_day,
    last_day,
    next_working_day,
    period_end,
)

THREE_WEEKS = Period(3, PeriodUnit.WEEKS)


@pytest.mark.parametrize(
    ("runs_from", "ends_on", "last", "because"),
    [
        # Thursday to Thursday; Christmas Eve, Christmas Day, Boxing Day (a Saturday) and a Sunday follow.
        (date(2026, 12, 3), date(2026, 12, 24), date(2026, 12, 28), "julafton"),
        # New Year's Eve, then New Year's Day (Thursday): Friday 2 January is a working day.
        (date(2025, 12, 10), date(2025, 12, 31), date(2026, 1, 2), "nyårsafton"),
        # New Year's Eve 2026 is a Thursday, New Year's Day a Friday, then a weekend.
        (date(2026, 12, 10), date(2026, 12, 31), date(2027, 1, 4), "nyårsafton"),
        # Epiphany on a Tuesday.
        (date(2025, 12, 16), date(2026, 1, 6), date(2026, 1, 7), "trettondedag jul"),
        # Good Friday 2026, then Holy Saturday, Easter Sunday and Easter Monday.
        (date(2026, 3, 13), date(2026, 4, 3), date(2026, 4, 7), "långfredagen"),
        # Easter Monday 2025.
        (date(2025, 3, 31), date(2025, 4, 21), date(2025, 4, 22), "annandag påsk"),
        # May Day on a Friday.
        (date(2026, 4, 10), date(2026, 5, 1), date(2026, 5, 4), "första maj"),
        # Ascension Day 2026 and 2027; the Friday after is an ordinary working day.
        (date(2026, 4, 23), date(2026, 5, 14), date(2026, 5, 15), "kristi himmelsfärdsdag"),
        (date(2027, 4, 15), date(2027, 5, 6), date(2027, 5, 7), "kristi himmelsfärdsdag"),
        # Midsummer eve (Friday), then Midsummer Day (Saturday) and a Sunday.
        (date(2026, 5, 29), date(2026, 6, 19), date(2026, 6, 22), "midsommarafton"),
        (date(2025, 5, 30), date(2025, 6, 20), date(2025, 6, 23), "midsommarafton"),
        # National Day on a Saturday (2026), on a Sunday (2027) and on a Tuesday (2028).
        (date(2026, 5, 16), date(2026, 6, 6), date(2026, 6, 8), "nationaldagen"),
        (date(2027, 5, 16), date(2027, 6, 6), date(2027, 6, 7), "nationaldagen"),
        (date(2028, 5, 16), date(2028, 6, 6), date(2028, 6, 7), "nationaldagen"),
        # A period running from a Sunday ends on a Sunday.
        (date(2026, 12, 20), date(2027, 1, 10), date(2027, 1, 11), "söndag"),
        # An ordinary Monday stays.
        (date(2026, 11, 2), date(2026, 11, 23), date(2026, 11, 23), None),
    ],
)
def test_three_weeks_end_on_the_same_weekday_and_move_to_the_next_weekday(
    runs_from: date, ends_on: date, last: date, because: str | None
) -> None:
    result = last_day(runs_from, THREE_WEEKS)
    assert (result.period_ends_on, result.last_day, result.moved_because) == (ends_on, last, because)


@pytest.mark.parametrize(
    ("runs_from", "months", "ends_on", "last"),
    [
        # February has no 31st: the period ends on its last day (a Saturday in 2026, a Tuesday in 2028).
        (date(2026, 1, 31), 1, date(2026, 2, 28), date(2026, 3, 2)),
        (date(2028, 1, 31), 1, date(2028, 2, 29), date(2028, 2, 29)),
        (date(2027, 11, 30), 3, date(2028, 2, 29), date(2028, 2, 29)),
        (date(2026, 8, 31), 1, date(2026, 9, 30), date(2026, 9, 30)),
        # Over the turn of the year, the same date.
        (date(2026, 11, 15), 2, date(2027, 1, 15), date(2027, 1, 15)),
        (date(2026, 6, 24), 6, date(2026, 12, 24), date(2026, 12, 28)),
    ],
)
def test_months_end_on_the_same_date_or_the_last_of_a_shorter_month(
    runs_from: date, months: int, ends_on: date, last: date
) -> None:
    result = last_day(runs_from, Period(months, PeriodUnit.MONTHS))
    assert (result.period_ends_on, result.last_day) == (ends_on, last)


def test_days_do_not_count_the_day_the_period_runs_from() -> None:
    assert period_end(date(2026, 12, 14), Period(10, PeriodUnit.DAYS)) == date(2026, 12, 24)
    assert last_day(date(2026, 12, 14), Period(10, PeriodUnit.DAYS)).last_day == date(2026, 12, 28)
    assert last_day(date(2026, 12, 20), Period(21, PeriodUnit.DAYS)).last_day == date(2027, 1, 11)


@pytest.mark.parametrize(
    ("year", "weekday_holidays"),
    [
        # Lag (1989:253) on weekdays, and midsummer eve, Christmas Eve and New Year's Eve; National Day,
        # Midsummer Day, All Saints' Day and Boxing Day fall on a Saturday in 2026.
        (
            2026,
            ["01-01", "01-06", "04-03", "04-06", "05-01", "05-14", "06-19", "12-24", "12-25", "12-31"],
        ),
        # May Day is a Saturday, National Day a Sunday, Christmas and Boxing Day a weekend in 2027.
        (2027, ["01-01", "01-06", "03-26", "03-29", "05-06", "06-25", "12-24", "12-31"]),
    ],
)
def test_the_weekdays_off_in_a_year_are_the_laws_list(year: int, weekday_holidays: list[str]) -> None:
    days = [date(year, 1, 1) + timedelta(days=n) for n in range(365)]
    off = [f"{d:%m-%d}" for d in days if d.weekday() < 5 and not is_working_day(d)]
    assert off == weekday_holidays
    # Every Saturday and Sunday is off, whatever the holiday calendar says of it.
    assert not any(is_working_day(d) for d in days if d.weekday() >= 5)


def test_the_next_working_day_is_the_day_itself_on_a_working_day() -> None:
    assert next_working_day(date(2026, 12, 23)) == date(2026, 12, 23)
    assert next_working_day(date(2026, 12, 24)) == date(2026, 12, 28)


def test_a_due_date_on_a_day_off_is_refused_naming_the_field_and_the_next_working_day() -> None:
    today = date(2026, 6, 1)
    ensure_due_date(date(2026, 6, 18), today, "due_date")
    with pytest.raises(InvalidInput) as refused:
        ensure_due_date(date(2026, 6, 19), today, "due_date")
    [error] = refused.value.extensions["errors"]
    assert error["location"] == "due_date" and error["type"] == "not_working_day"
    assert "midsommarafton" in error["message"] and "2026-06-22" in error["message"]
    with pytest.raises(InvalidInput) as past:
        ensure_due_date(date(2026, 5, 29), today, "due_date")
    assert past.value.extensions["errors"][0]["type"] == "date_not_future"
    # Beyond the holiday calendar no day can be checked.
    ensure_due_date(date(2100, 12, 30), today, "due_date")
    with pytest.raises(InvalidInput) as far:
        ensure_due_date(date.max, today, "due_date")
    assert far.value.extensions["errors"][0]["type"] == "date_too_far"


def test_due_dates_are_checked_as_far_as_the_holiday_calendar_reaches() -> None:
    assert date(Sweden.end_year, 12, 31) == LAST_CALENDAR_DAY


def test_a_period_is_at_least_one_unit_long() -> None:
    with pytest.raises(ValueError):
        Period(0, PeriodUnit.WEEKS)
