"""The reporting service's rules, without a server."""

from datetime import UTC, date, datetime, timedelta

import pytest

from services.reporting.domain.absences import ensure_period, overlaps
from services.reporting.domain.authorisations import CopyStatus, ensure_reportable, is_newer
from services.reporting.domain.deviations import DeviationStatus, ensure_next, ensure_times
from services.reporting.domain.follow_ups import is_overdue
from services.reporting.domain.manager_changes import is_late
from shared.errors import Conflict, InvalidInput

D = date(2026, 3, 10)


@pytest.mark.parametrize(
    ("other", "expected"),
    [
        ((date(2026, 3, 1), date(2026, 3, 9)), False),  # ends the day before
        ((date(2026, 3, 1), date(2026, 3, 10)), True),  # shares the first day
        ((date(2026, 3, 20), date(2026, 3, 25)), True),  # shares the last day
        ((date(2026, 3, 21), date(2026, 4, 1)), False),  # starts the day after
        ((date(2026, 3, 12), date(2026, 3, 13)), True),  # inside
        ((date(2026, 1, 1), date(2026, 12, 31)), True),  # around
    ],
)
def test_absences_overlap_when_they_share_a_day(other: tuple[date, date], expected: bool) -> None:
    assert overlaps(D, date(2026, 3, 20), *other) is expected


def test_an_absence_ends_on_or_after_its_start() -> None:
    ensure_period(D, D)
    with pytest.raises(InvalidInput):
        ensure_period(D, D - timedelta(days=1))


def test_a_change_reported_after_its_start_is_late() -> None:
    assert is_late(D, D + timedelta(days=1))
    assert not is_late(D, D)
    assert not is_late(D, D - timedelta(days=5))


def test_only_a_higher_revision_changes_the_copy() -> None:
    assert is_newer(3, 2) and not is_newer(2, 2) and not is_newer(1, 2)


def test_a_revoked_authorisation_takes_no_reports_and_says_since_when() -> None:
    ensure_reportable(CopyStatus.ACTIVE, None)
    with pytest.raises(Conflict, match="revoked on 2026-03-11"):
        # 23:30 UTC on 10 March is 11 March in Stockholm.
        ensure_reportable(CopyStatus.REVOKED, datetime(2026, 3, 10, 23, 30, tzinfo=UTC))


def test_a_deviation_is_acknowledged_before_it_is_closed() -> None:
    ensure_next(DeviationStatus.REPORTED, DeviationStatus.ACKNOWLEDGED)
    ensure_next(DeviationStatus.ACKNOWLEDGED, DeviationStatus.CLOSED)
    for current, target in [
        (DeviationStatus.REPORTED, DeviationStatus.CLOSED),
        (DeviationStatus.ACKNOWLEDGED, DeviationStatus.ACKNOWLEDGED),
        (DeviationStatus.CLOSED, DeviationStatus.CLOSED),
    ]:
        with pytest.raises(Conflict):
            ensure_next(current, target)


def test_a_deviation_is_discovered_after_it_occurred_and_not_in_the_future() -> None:
    now = datetime(2026, 3, 10, 12, tzinfo=UTC)
    ensure_times(now - timedelta(hours=5), now - timedelta(hours=1), now)
    ensure_times(now, now, now)
    with pytest.raises(InvalidInput):
        ensure_times(now - timedelta(hours=1), now - timedelta(hours=5), now)
    with pytest.raises(InvalidInput):
        ensure_times(now - timedelta(hours=1), now + timedelta(minutes=1), now)


def test_a_follow_up_is_overdue_from_the_day_after_its_due_date() -> None:
    assert not is_overdue(D, D) and is_overdue(D, D + timedelta(days=1))
