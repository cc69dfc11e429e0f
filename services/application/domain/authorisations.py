"""Authorisations: granted by an approval, limited by a capacity ceiling, warned and in the end revoked."""

from enum import StrEnum

from shared.errors import Conflict


class AuthorisationStatus(StrEnum):
    ACTIVE = "active"
    REVOKED = "revoked"


def ensure_active(status: AuthorisationStatus) -> None:
    if status is not AuthorisationStatus.ACTIVE:
        raise Conflict(f"The authorisation is {status.value}.", current_status=status.value)


def at_capacity(ceiling: int | None, current_customers: int | None) -> bool:
    """A provider at its ceiling is not selectable; without a ceiling it must take everyone who chooses it."""
    return ceiling is not None and current_customers is not None and current_customers >= ceiling
