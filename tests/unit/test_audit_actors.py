"""What an audit entry says of who acted: a person by id, name and role and the client they acted through;
an API client by its id and role; a system job by its name."""

from dataclasses import replace

from shared.audit import ACTOR_NAME_LENGTH, actor_columns, actor_id
from shared.auth.principal import SCOPES_OF_ROLE, Kind, Principal, Role

PERSON = Principal(
    Kind.PROVIDER,
    "provider-portal",
    frozenset(SCOPES_OF_ROLE[Role.REPORTER]),
    provider_id="p-1",
    organisation_number="556677-8899",
    subject="person-1",
    person_id="person-1",
    name="Maja Rapportör",
    role=Role.REPORTER,
)
OFFICER = Principal(
    Kind.STAFF,
    "staff-portal",
    frozenset(SCOPES_OF_ROLE[Role.OFFICER]),
    areas=frozenset({"hemtjanst"}),
    subject="person-2",
    person_id="person-2",
    name="Olle Handläggare",
    role=Role.OFFICER,
)
CLIENT = Principal(Kind.PROVIDER, "client-9", frozenset({"provider"}), provider_id="p-1", subject="client-9")


def test_a_person_is_named_with_their_role_and_the_client_they_acted_through() -> None:
    assert actor_columns(PERSON) == {
        "actor": "person-1",
        "actor_kind": "provider",
        "actor_name": "Maja Rapportör",
        "actor_role": "reporter",
        "actor_client": "provider-portal",
    }
    assert actor_columns(OFFICER) == {
        "actor": "person-2",
        "actor_kind": "staff",
        "actor_name": "Olle Handläggare",
        "actor_role": "officer",
        "actor_client": "staff-portal",
    }
    assert actor_id(PERSON) == "person-1"


def test_a_person_without_a_name_in_their_token_is_named_by_id_and_a_long_name_is_cut() -> None:
    nameless = replace(PERSON, name=None)
    assert actor_columns(nameless)["actor_name"] == "person-1"
    long = replace(PERSON, name="Å" * (ACTOR_NAME_LENGTH + 5))
    assert actor_columns(long)["actor_name"] == "Å" * ACTOR_NAME_LENGTH


def test_a_client_is_named_by_its_id_with_the_role_its_token_carries() -> None:
    assert actor_columns(CLIENT) == {
        "actor": "client-9",
        "actor_kind": "provider",
        "actor_name": "client-9",
        "actor_role": None,
        "actor_client": None,
    }
    with_role = replace(CLIENT, role=Role.ADMINISTRATOR)
    assert actor_columns(with_role)["actor_role"] == "administrator"
    assert actor_id(CLIENT) == "client-9"


def test_a_system_job_is_named_by_its_name_without_a_role() -> None:
    assert actor_columns("scheduler") == {
        "actor": "scheduler",
        "actor_kind": "system",
        "actor_name": "scheduler",
        "actor_role": None,
        "actor_client": None,
    }
