"""Authorisations: granted by an approval, limited by a capacity ceiling, warned and in the end revoked."""

from enum import StrEnum

from shared.errors import Conflict


class AuthorisationStatus(StrEnum):
    ACTIVE = "active"
    REVOKED = "revoked"


def ensure_active(status: AuthorisationStatus) -> None:
    if status is not AuthorisationStatus.ACTIVE:
        raise Conflict(f"The authorisation is {status.value}.", current_status=status.value)


class WarningStatus(StrEnum):
    ISSUED = "issued"
    REMEDIED = "remedied"
    DEADLINE_PASSED = "deadline_passed"


def warning_status(*, remedied: bool, deadline_passed: bool) -> WarningStatus:
    """An accepted answer remedies the warning even after its deadline passed (staff accepted an answer
    given in time): remedied wins."""
    if remedied:
        return WarningStatus.REMEDIED
    if deadline_passed:
        return WarningStatus.DEADLINE_PASSED
    return WarningStatus.ISSUED


def at_capacity(ceiling: int | None, current_customers: int | None) -> bool:
    """A provider at its ceiling is not selectable; without a ceiling it must take everyone who chooses it."""
    return ceiling is not None and current_customers is not None and current_customers >= ceiling
