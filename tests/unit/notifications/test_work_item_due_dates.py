"""Work items' due dates by kind in working days, who is told of an overdue one, and the queue's order.

Easter 2026: Good Friday 3 April, Easter Monday 6 April. Christmas 2026: Thursday 24 (Christmas Eve),
Friday 25, Saturday 26; New Year's Eve Thursday 31 December, New Year's Day Friday 1 January 2027."""

from datetime import UTC, date, datetime, timedelta

import pytest

from services.notifications.domain.recipients import leads_of
from services.notifications.domain.work_items import (
    DEFAULT_DUE_WORKING_DAYS,
    DUE_WORKING_DAYS,
    DueDays,
    WorkItemKind,
    WorkItemStatus,
    is_late,
    is_overdue,
    queue_position,
    unknown_kinds,
)
from shared.statutory_time import add_working_days, is_working_day


@pytest.mark.parametrize(
    ("runs_from", "days", "due"),
    [
        (date(2026, 11, 30), 1, date(2026, 12, 1)),  # Monday: Tuesday
        (date(2026, 12, 4), 1, date(2026, 12, 7)),  # Friday: over the weekend to Monday
        (date(2026, 12, 5), 1, date(2026, 12, 7)),  # arrived on a Saturday: Monday
        (date(2026, 4, 2), 1, date(2026, 4, 7)),  # Maundy Thursday: past Good Friday and Easter Monday
    ],
)
def test_working_days_skip_weekends_and_holidays(runs_from: date, days: int, due: date) -> None:
    assert add_working_days(runs_from, days) == due


def test_working_days_over_christmas_and_new_year() -> None:
    # From Wednesday 23 December 2026: 24, 25 (holidays), 26, 27 (weekend) skipped; 28, 29, 30 count; 31
    # (New Year's Eve), 1 January, 2 and 3 (weekend) skipped; 4 January, then 5 (6 is Epiphany).
    assert add_working_days(date(2026, 12, 23), 3) == date(2026, 12, 30)
    assert add_working_days(date(2026, 12, 23), 4) == date(2027, 1, 4)
    assert add_working_days(date(2026, 12, 23), 5) == date(2027, 1, 5)
    assert add_working_days(date(2026, 12, 23), 6) == date(2027, 1, 7)


def test_a_due_date_is_always_a_working_day() -> None:
    start = date(2026, 1, 1)
    for offset in range(366):
        for days in (1, 3, 10):
            assert is_working_day(add_working_days(start + timedelta(days=offset), days))


def test_no_working_days_is_refused() -> None:
    with pytest.raises(ValueError, match="at least one"):
        add_working_days(date(2026, 12, 1), 0)


def test_each_kind_has_its_days_the_settings_change_them_and_other_kinds_take_the_default() -> None:
    defaults = DueDays({})
    assert all(defaults.of(kind) == DUE_WORKING_DAYS[kind] for kind in DUE_WORKING_DAYS)
    chosen = DueDays({"review_application": 15}, default=7)
    assert chosen.of(WorkItemKind.REVIEW_APPLICATION) == 15
    assert chosen.of(WorkItemKind.HANDLE_DEVIATION) == DUE_WORKING_DAYS[WorkItemKind.HANDLE_DEVIATION]
    # A Friday's deviation, three working days: Monday, Tuesday, Wednesday.
    assert defaults.due_on(WorkItemKind.HANDLE_DEVIATION, date(2026, 12, 4)) == date(2026, 12, 9)
    # An application has ten working days from Maundy Thursday 2026, Good Friday and Easter Monday not
    # counted: 7-10 April are four, 13-17 April five, and the tenth is Monday 20 April.
    assert defaults.due_on(WorkItemKind.REVIEW_APPLICATION, date(2026, 4, 2)) == date(2026, 4, 20)
    assert DEFAULT_DUE_WORKING_DAYS == 10


def test_a_kind_without_days_of_its_own_takes_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    # As a kind added later, with no entry of its own in the table.
    monkeypatch.delitem(DUE_WORKING_DAYS, WorkItemKind.CHASE_QUALITY_REPORT)
    assert DueDays({}, default=2).of(WorkItemKind.CHASE_QUALITY_REPORT) == 2


def test_kinds_in_the_setting_that_do_not_exist_are_named() -> None:
    assert unknown_kinds({"review_application": 3, "reviw_aplication": 3}) == ["reviw_aplication"]


def test_an_item_is_overdue_the_day_after_its_due_date_unless_done() -> None:
    due = date(2026, 12, 9)
    assert not is_overdue(WorkItemStatus.OPEN, due, due)
    assert is_overdue(WorkItemStatus.OPEN, due, due + timedelta(days=1))
    assert is_overdue(WorkItemStatus.CLAIMED, due, due + timedelta(days=1))
    assert not is_overdue(WorkItemStatus.DONE, due, due + timedelta(days=1))


def test_only_a_manager_change_reported_late_is_late() -> None:
    assert is_late("manager_change.reported", {"late": True})
    assert not is_late("manager_change.reported", {"late": False})
    assert not is_late("deviation.reported", {"late": True})


def test_an_area_s_leads_are_told_and_without_one_the_staff_admins() -> None:
    leads = {"hemtjanst": ["lead-b", "lead-a", "lead-a"]}
    assert leads_of("hemtjanst", leads, ["admin"]) == ["lead-a", "lead-b"]
    assert leads_of("boendestod", leads, ["admin-2", "admin-1"]) == ["admin-1", "admin-2"]
    assert leads_of("boendestod", {"boendestod": []}, ["admin"]) == ["admin"]


def test_the_queue_is_urgent_first_then_overdue_then_by_due_date_then_the_longest_waiting() -> None:
    early, late = datetime(2026, 12, 1, 8, tzinfo=UTC), datetime(2026, 12, 2, 8, tzinfo=UTC)
    soon, later = date(2026, 12, 10), date(2026, 12, 20)
    items = {
        "plain-late-due": (False, False, later, early, "a"),
        "plain-soon-new": (False, False, soon, late, "b"),
        "plain-soon-old": (False, False, soon, early, "c"),
        "overdue": (False, True, later, late, "d"),
        "urgent-later": (True, False, later, early, "e"),
        "urgent-soon": (True, False, soon, late, "f"),
        "urgent-overdue": (True, True, later, late, "g"),
        "same-but-id": (False, False, soon, early, "z"),
    }
    ordered = sorted(items, key=lambda name: queue_position(*items[name]))
    assert ordered == [
        "urgent-overdue",
        "urgent-soon",
        "urgent-later",
        "overdue",
        "plain-soon-old",
        "same-but-id",
        "plain-soon-new",
        "plain-late-due",
    ]
