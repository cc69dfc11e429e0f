"""The round's configured deadline, applied to a year."""

from datetime import date

from services.reporting.domain.quality import RoundCalendar

CALENDAR = RoundCalendar(opens=(1, 15), deadline=(3, 31), reminder_days=(30, 7, 1))


def test_the_configured_deadline_stands_on_a_working_day() -> None:
    assert CALENDAR.deadline_of(2026) == date(2027, 3, 31)  # a Wednesday


def test_a_configured_deadline_on_a_day_off_moves_to_the_next_working_day() -> None:
    # 31 March 2029 is a Saturday, 1 April Easter Sunday and 2 April Easter Monday.
    assert CALENDAR.deadline_of(2028) == date(2029, 4, 3)
