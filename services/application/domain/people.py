"""Rules of organisations' people and the municipality's staff: invitations, the last administrator, and
what one login may carry. No I/O."""

import secrets
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from shared.auth.principal import SCOPES_OF_ROLE, Kind, Role, Scope
from shared.errors import Conflict, DomainError


class InvitationStatus(StrEnum):
    PENDING = "pending"
    USED = "used"
    REVOKED = "revoked"


class RegistrationStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    RELEASED = "released"


class InvitationRefused(DomainError):
    """An invitation that cannot be accepted (the login maps it to an OAuth error)."""


class InvitationUnknown(InvitationRefused):
    status = 404
    title = "Not Found"


class InvitationUnusable(InvitationRefused):
    """Used already, expired or revoked: gone for good."""

    status = 410
    title = "Gone"


class NoStanding(DomainError):
    """The person holds no role that one token could carry here: no membership, no staff role, or several
    organisations and none chosen (`choices` names them)."""

    status = 403
    title = "Forbidden"


def new_invitation_token() -> str:
    return secrets.token_urlsafe(32)


def check_usable(status: str, expires_at: datetime, now: datetime) -> None:
    """Raises InvitationUnusable unless the invitation can still be accepted at `now`."""
    if status == InvitationStatus.USED:
        raise InvitationUnusable("This invitation has been used already.")
    if status == InvitationStatus.REVOKED:
        raise InvitationUnusable("This invitation was revoked.")
    if expires_at <= now:
        raise InvitationUnusable("This invitation has expired.")


def stronger_role(held: Role, offered: Role) -> Role:
    """The role a member keeps when invited again: an invitation adds rights, it never takes any away."""
    order = list(SCOPES_OF_ROLE)  # administrator, reporter, reader: strongest first
    return held if order.index(held) <= order.index(offered) else offered


def keep_an_administrator(administrators: int, losing: bool) -> None:
    """An organisation keeps at least one administrator: nobody can take the last one's role away."""
    if losing and administrators <= 1:
        raise Conflict(
            "This is the organisation's last administrator; make someone else administrator first.",
            errors=[{"location": "person_id", "message": "the last administrator", "type": "last_admin"}],
        )


def keep_a_staff_admin(staff_admins: int, losing: bool) -> None:
    if losing and staff_admins <= 1:
        raise Conflict("This is the last staff administrator; make someone else staff administrator first.")


@dataclass(frozen=True)
class Standing:
    """What one access token of a person may carry: in one organisation with one role, or among the staff."""

    kind: Kind
    role: Role | None
    provider_id: str | None
    organisation_number: str | None
    areas: tuple[str, ...]
    scopes: tuple[Scope, ...]


def provider_standing(provider_id: str, organisation_number: str, role: Role) -> Standing:
    return Standing(Kind.PROVIDER, role, provider_id, organisation_number, (), SCOPES_OF_ROLE[role])


def staff_standing(staff_admin: bool, areas: list[str]) -> Standing:
    if staff_admin:
        return Standing(
            Kind.ADMIN, Role.STAFF_ADMIN, None, None, tuple(sorted(areas)), SCOPES_OF_ROLE[Role.STAFF_ADMIN]
        )
    if not areas:
        raise NoStanding("This person holds no staff role.")
    return Standing(Kind.STAFF, Role.OFFICER, None, None, tuple(sorted(areas)), SCOPES_OF_ROLE[Role.OFFICER])
