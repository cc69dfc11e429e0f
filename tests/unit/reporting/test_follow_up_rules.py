"""The follow-up request's rules: who may answer when, which answer awaits a verdict, and which requests the
overdue check raises."""

from datetime import date

import pytest

from services.reporting.domain.follow_ups import (
    FollowUpStatus,
    deadline_check_due,
    ensure_answerable,
    ensure_awaiting_verdict,
)
from shared.errors import Conflict
from shared.warning_follow_ups import follow_up_request_id

DUE = date(2027, 3, 15)
ON_THE_DAY, AFTER = DUE, date(2027, 3, 16)


def test_an_open_request_is_answered_even_late() -> None:
    ensure_answerable(FollowUpStatus.OPEN, DUE, AFTER)


def test_a_rejected_answer_is_answered_again_while_the_due_date_runs_only() -> None:
    ensure_answerable(FollowUpStatus.REJECTED, DUE, ON_THE_DAY)
    with pytest.raises(Conflict):
        ensure_answerable(FollowUpStatus.REJECTED, DUE, AFTER)


@pytest.mark.parametrize("status", [FollowUpStatus.RESPONDED, FollowUpStatus.ACCEPTED])
def test_an_answer_awaiting_a_verdict_or_accepted_takes_no_new_answer(status: FollowUpStatus) -> None:
    with pytest.raises(Conflict):
        ensure_answerable(status, DUE, ON_THE_DAY)


def test_only_a_responded_request_awaits_a_verdict() -> None:
    ensure_awaiting_verdict(FollowUpStatus.RESPONDED)
    for status in (FollowUpStatus.OPEN, FollowUpStatus.REJECTED, FollowUpStatus.ACCEPTED):
        with pytest.raises(Conflict):
            ensure_awaiting_verdict(status)


@pytest.mark.parametrize(
    ("status", "tied", "raised"),
    [
        (FollowUpStatus.OPEN, False, True),
        (FollowUpStatus.RESPONDED, False, False),
        (FollowUpStatus.REJECTED, False, False),
        (FollowUpStatus.OPEN, True, True),
        (FollowUpStatus.RESPONDED, True, True),
        (FollowUpStatus.REJECTED, True, True),
        (FollowUpStatus.ACCEPTED, True, False),
    ],
)
def test_the_overdue_check_raises_unanswered_requests_and_warnings_without_an_accepted_answer(
    status: FollowUpStatus, tied: bool, raised: bool
) -> None:
    assert deadline_check_due(status, DUE, AFTER, tied_to_warning=tied) is raised
    assert deadline_check_due(status, DUE, ON_THE_DAY, tied_to_warning=tied) is False


def test_a_warning_names_one_follow_up_request_however_often_it_is_asked() -> None:
    assert follow_up_request_id("w-1") == follow_up_request_id("w-1") != follow_up_request_id("w-2")
