"""A warning's status from its follow-up: an accepted answer remedies it even after the deadline passed."""

from services.application.domain.authorisations import WarningStatus, warning_status


def test_a_warning_is_issued_until_its_follow_up_settles_it() -> None:
    assert warning_status(remedied=False, deadline_passed=False) is WarningStatus.ISSUED
    assert warning_status(remedied=False, deadline_passed=True) is WarningStatus.DEADLINE_PASSED
    assert warning_status(remedied=True, deadline_passed=False) is WarningStatus.REMEDIED


def test_a_late_acceptance_remedies_a_warning_past_its_deadline() -> None:
    assert warning_status(remedied=True, deadline_passed=True) is WarningStatus.REMEDIED
