"""Who is calling: derived from a verified token only, never from a request body."""

from dataclasses import dataclass, field
from enum import StrEnum


class Kind(StrEnum):
    PROVIDER = "provider"
    STAFF = "staff"
    ADMIN = "admin"


class Scope(StrEnum):
    # What a provider organisation's people and clients may do; a role is a set of these.
    PROVIDER_READ = "provider:read"
    PROVIDER_REPORT = "provider:report"
    PROVIDER_ADMIN = "provider:admin"
    STAFF = "staff"
    ADMIN = "admin"


class Role(StrEnum):
    """A person's or an API client's role: in a provider organisation, or among the municipality's staff."""

    ADMINISTRATOR = "administrator"
    REPORTER = "reporter"
    READER = "reader"
    OFFICER = "officer"
    STAFF_ADMIN = "staff_admin"


# Each role is the scopes its tokens carry; a route names the scopes it allows, so one check serves
# people and API clients alike. An organisation's roles nest: an administrator may also report and read.
SCOPES_OF_ROLE: dict[Role, tuple[Scope, ...]] = {
    Role.ADMINISTRATOR: (Scope.PROVIDER_READ, Scope.PROVIDER_REPORT, Scope.PROVIDER_ADMIN),
    Role.REPORTER: (Scope.PROVIDER_READ, Scope.PROVIDER_REPORT),
    Role.READER: (Scope.PROVIDER_READ,),
    Role.OFFICER: (Scope.STAFF,),
    Role.STAFF_ADMIN: (Scope.STAFF, Scope.ADMIN),
}
PROVIDER_ROLES = (Role.ADMINISTRATOR, Role.REPORTER, Role.READER)
# The kind of token each role's holder gets: the organisation's roles are a provider's, the others staff's.
KIND_OF_ROLE: dict[Role, Kind] = {
    Role.ADMINISTRATOR: Kind.PROVIDER,
    Role.REPORTER: Kind.PROVIDER,
    Role.READER: Kind.PROVIDER,
    Role.OFFICER: Kind.STAFF,
    Role.STAFF_ADMIN: Kind.ADMIN,
}


def roles_allowed(scopes: tuple[Scope, ...] | frozenset[Scope]) -> list[Role]:
    """The roles whose tokens pass a check that wants one of `scopes`, in the order of `Role`."""
    return [role for role in Role if set(SCOPES_OF_ROLE[role]) & set(scopes)]


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
    # The token's `sub`: the client id of a client's own token, the person's id of a person's.
    subject: str = ""
    # Set when a person acts (through `client_id`, the application they logged in to).
    person_id: str | None = None
    name: str | None = None
    role: Role | None = None
    # The login a person's token came from (`sid`): revoked whole when one of its refresh tokens is reused.
    session_id: str | None = None

    @property
    def revocation_keys(self) -> tuple[str, ...]:
        """What a revocation may name to refuse this principal's token: its client, its subject (a person),
        or its login."""
        return tuple(key for key in (self.client_id, self.subject, self.session_id) if key)

    @property
    def is_person(self) -> bool:
        return self.person_id is not None

    @property
    def acting_id(self) -> str:
        """Who acts, as the records name them: the person, or the API client. Not `client_id` alone, which for
        a person is the application they logged in through, shared by everyone who uses it."""
        return self.person_id or self.subject or self.client_id

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
