"""Who is calling: derived from a verified token only, never from a request body."""

from dataclasses import dataclass, field
from enum import StrEnum


class Kind(StrEnum):
    PROVIDER = "provider"
    STAFF = "staff"
    ADMIN = "admin"


class Scope(StrEnum):
    PROVIDER = "provider"
    STAFF = "staff"
    ADMIN = "admin"


@dataclass(frozen=True)
class Principal:
    kind: Kind
    client_id: str
    scopes: frozenset[str]
    provider_id: str | None = None
    organisation_number: str | None = None
    areas: frozenset[str] = field(default_factory=frozenset)
    # When the token it came from expires (seconds since the epoch): what outlives a request, a live
    # stream, ends then.
    expires_at: float | None = None
    # When it was issued (`iat`): a token issued before its client was revoked is refused.
    issued_at: float | None = None

    @property
    def is_provider(self) -> bool:
        return self.kind is Kind.PROVIDER

    def owning_provider(self) -> str | None:
        """The provider whose rows alone this principal may see; None for staff, who see every provider."""
        return self.provider_id if self.is_provider else None

    def area_scope(self) -> frozenset[str] | None:
        """The areas whose cases a staff member handles; None when not limited by area (admin, and
        providers, who are limited to their own rows instead)."""
        return self.areas if self.kind is Kind.STAFF else None
