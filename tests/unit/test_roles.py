"""Roles as sets of scopes: which roles a route's scopes let through, and the roles a client is given."""

from services.application.schemas.providers import ProviderRole
from shared.auth.principal import KIND_OF_ROLE, PROVIDER_ROLES, Kind, Role, Scope, roles_allowed


def test_an_organisations_roles_nest_so_a_route_for_readers_lets_every_one_of_them_through() -> None:
    assert roles_allowed((Scope.PROVIDER_READ,)) == [Role.ADMINISTRATOR, Role.REPORTER, Role.READER]
    assert roles_allowed((Scope.PROVIDER_REPORT,)) == [Role.ADMINISTRATOR, Role.REPORTER]
    assert roles_allowed((Scope.PROVIDER_ADMIN,)) == [Role.ADMINISTRATOR]


def test_staff_roles_are_apart_from_the_organisations() -> None:
    assert roles_allowed((Scope.PROVIDER_READ, Scope.STAFF)) == [
        Role.ADMINISTRATOR,
        Role.REPORTER,
        Role.READER,
        Role.OFFICER,
        Role.STAFF_ADMIN,
    ]
    assert roles_allowed((Scope.ADMIN,)) == [Role.STAFF_ADMIN]
    assert roles_allowed(()) == []


def test_the_roles_an_organisation_gives_its_clients_are_its_roles_and_of_the_provider_kind() -> None:
    assert [role.value for role in ProviderRole] == [role.value for role in PROVIDER_ROLES]
    assert {KIND_OF_ROLE[role] for role in PROVIDER_ROLES} == {Kind.PROVIDER}
    assert KIND_OF_ROLE[Role.OFFICER] is Kind.STAFF and KIND_OF_ROLE[Role.STAFF_ADMIN] is Kind.ADMIN
    assert set(KIND_OF_ROLE) == set(Role)
