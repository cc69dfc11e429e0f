import pytest

from services.application.domain.applications import ALLOWED_TRANSITIONS, ApplicationStatus, ensure_transition
from shared.errors import Conflict

S = ApplicationStatus


@pytest.mark.parametrize(
    ("current", "target"),
    [
        (S.DRAFT, S.SUBMITTED),
        (S.DRAFT, S.WITHDRAWN),
        (S.SUBMITTED, S.IN_REVIEW),
        (S.IN_REVIEW, S.SUPPLEMENT_REQUESTED),
        (S.SUPPLEMENT_REQUESTED, S.SUBMITTED),
        (S.IN_REVIEW, S.APPROVED),
        (S.IN_REVIEW, S.REJECTED),
    ],
)
def test_the_life_cycle_allows(current: ApplicationStatus, target: ApplicationStatus) -> None:
    ensure_transition(current, target)


@pytest.mark.parametrize(
    ("current", "target"),
    [(current, target) for current in S for target in S if target not in ALLOWED_TRANSITIONS[current]],
)
def test_every_other_transition_is_a_conflict_naming_the_current_state(
    current: ApplicationStatus, target: ApplicationStatus
) -> None:
    with pytest.raises(Conflict) as raised:
        ensure_transition(current, target)
    assert raised.value.extensions["current_status"] == current.value


def test_decided_and_withdrawn_applications_are_final() -> None:
    for final in (S.APPROVED, S.REJECTED, S.WITHDRAWN):
        assert ALLOWED_TRANSITIONS[final] == frozenset()
