"""Property-based tests of the whole API from its own OpenAPI document: every operation of the merged
document that the one-process system serves, called by a provider and by staff (and by an admin where only
an admin may call it) with requests generated from the documented schemas (their examples, their
boundaries, and random data both valid and invalid), answers no 5xx, only documented status codes and
media types, bodies that match the documented schemas, a 4xx to every request that breaks them, and no
400 or 422 to a request they allow, unless a rule the schemas cannot state is named below."""

import re
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import hypothesis
import pytest
import requests
import schemathesis
from hypothesis import strategies as st
from schemathesis import APIOperation, BaseSchema, Case, HookContext
from schemathesis.checks import CheckFunction, not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.generation.feedback import FeedbackSources

# The builder of one operation's test is what schemathesis' own pytest integration runs per operation;
# that integration cannot be used here, as it relies on a pytest internal that pytest 9 removed.
from schemathesis.pytest._test_builder import build_operation_test
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    positive_data_acceptance,
    response_schema_conformance,
    status_code_conformance,
)

from services.application.routes import ROUTES as APPLICATION_ROUTES
from services.notifications.routes import ROUTES as NOTIFICATIONS_ROUTES
from services.reporting.routes import ROUTES as REPORTING_ROUTES
from shared.auth.principal import Scope
from shared.http.idempotency import KEY_HEADER
from shared.idempotency.table import KEY_PATTERN
from tests.support.live_system import LiveSystem, Seeded

# A few random requests per operation and mode on top of the examples and boundary cases, so each
# database's run stays near a minute; the seed makes every run (CI's too) generate the same requests.
MAX_EXAMPLES = 5
SEED = 20_261_203
CHECKS: list[CheckFunction] = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
]
# Every request the schemas allow is accepted (not answered 400 or 422), so the schemas are as strict as the
# validation, except where a rule cannot be stated in JSON Schema; each such operation with its rule.
NOT_IN_THE_SCHEMA = {
    **{
        f"GET {path}": "a cursor is one the API gave out, which no pattern can tell"
        for path in (
            "/applications",
            "/authorisations",
            "/deviations",
            "/follow-up-requests",
            "/manager-absences",
            "/manager-changes",
            "/notifications",
            "/quality-reports",
            "/work-items",
            "/register",
            "/quality-rounds",
            "/applications/{id}/history",
            "/authorisations/{id}/history",
            "/manager-changes/{id}/history",
            "/manager-absences/{id}/history",
            "/deviations/{id}/history",
            "/follow-up-requests/{id}/history",
            "/quality-rounds/{year}/history",
            "/quality-reports/{id}/history",
            "/work-items/{id}/history",
            "/providers/me/clients",
            "/providers/me/invitations",
            "/providers/me/people",
            "/staff/people",
        )
    },
    "GET /legal-frames/{code}/deadline": "a date on or after 2000-01-01 (JSON Schema has no date bounds)",
    "GET /oauth/authorize": "a client id registered for people's login (a setting), which no schema can tell",
    "GET /login/callback": "a state the service gave to a login under way, which no pattern can tell",
    "PATCH /applications/{id}": "an education gives years or higher vocational points",
    # The seeded draft is complete until a generated PATCH takes something from it; whether one does
    # depends on the requests generated, which change as the served document changes.
    "POST /manager-changes": "an education gives years or higher vocational points",
    "POST /manager-absences": "an absence ends on or after its first day",
    "PUT /preferences": "the events a channel is chosen for are those of the caller's kind",
    "PATCH /preferences": "the events a channel is chosen for are those of the caller's kind",
    "POST /webhooks": "the URL's host resolves, and the events are those a provider is told of",
    "PATCH /webhooks/{id}": "the events are those a provider is told of",
    "POST /applications": "the area is one of the areas in the catalogue (data, not schema)",
    "POST /applications/{id}/submit": "the application is complete, which a PATCH drawn before may undo",
    "POST /providers": "an organisation number has a valid check digit",
    "POST /applications/{id}/attachments": "a document is not empty and its content is of its type",
    "POST /follow-up-requests/{id}/documents": "a document is not empty and its content is of its type",
    "POST /applications/{id}/supplement-requests": "a due date is a coming working day",
    "POST /authorisations/{id}/warnings": "a remediation deadline is a coming working day",
    "POST /follow-up-requests": "a due date is a coming working day, and a request says what to complete",
    "POST /authorisations/{id}/revocation": "cited conditions are those of the case's conditions version",
    "POST /deviations": "a deviation is discovered after it occurred, and neither lies ahead",
    "POST /manager-changes/{id}/decision": "a rejection states its reasons",
    "POST /quality-reports/{id}/review": "a request for completion says what to complete",
    "POST /quality-rounds": "a round reports on a year that has ended",
    "PUT /authorisations/{id}/capacity": "current customers are given with a capacity ceiling",
    "POST /areas/{code}/conditions": "a competence requirement is one the person in charge shows",
    "PUT /staff/people/{person_id}/roles": "the areas are those of the catalogue (data, not schema)",
    "POST /providers/{id}/release": "an email address's domain is not a special-use name (.invalid, say)",
    "POST /providers/me/invitations": "an email address's domain is not a special-use name (.invalid, say)",
}
# Operations not called, each with its reason.
SKIPPED = {
    "GET /notifications/stream": "a live stream, which answers only when the client goes away",
}
ROUTES = APPLICATION_ROUTES + REPORTING_ROUTES + NOTIFICATIONS_ROUTES
OPERATIONS = sorted(f"{route.method} {route.path}" for route in ROUTES)
# Every operation as a provider and as staff; those only an admin may call, as an admin too.
CALLS = [(label, role) for label in OPERATIONS for role in ("provider", "staff")] + [
    (f"{route.method} {route.path}", "admin") for route in ROUTES if Scope.ADMIN in route.scopes
]


@pytest.fixture(scope="module")
def seeded() -> Iterator[Seeded]:
    live = LiveSystem()
    try:
        yield live.start()
    finally:
        live.stop()


@pytest.fixture(scope="module")
def api_schema(seeded: Seeded) -> BaseSchema:
    """The merged document the system serves, with generated path ids sometimes those of real rows."""
    document = requests.get(f"{seeded.url}/openapi.json", timeout=10).json()
    served = {f"{method.upper()} {path}" for path, item in document["paths"].items() for method in item}
    assert served == set(OPERATIONS), "the served document and the route tables differ"
    config = schemathesis.Config.from_dict(
        {
            "seed": SEED,
            "base-url": seeded.url,
            "request-timeout": 10,
            "generation": {"max-examples": MAX_EXAMPLES, "deterministic": True, "database": "none"},
            "phases": {"examples": {"enabled": True}, "coverage": {"enabled": True}},
        }
    )
    loaded = schemathesis.openapi.from_dict(document, config=config)

    @loaded.hook
    def before_generate_path_parameters(context: HookContext, strategy: st.SearchStrategy[Any]) -> Any:
        assert context.operation is not None
        resource = context.operation.path.split("/")[1]
        real = {name: ids for (prefix, name), ids in seeded.ids.items() if prefix == resource and ids}
        if not real:
            return strategy
        return st.one_of(strategy, strategy.flatmap(lambda drawn: _with_real_ids(drawn, real)))

    return loaded


def _with_real_ids(drawn: Any, real: dict[str, list[str]]) -> st.SearchStrategy[Any]:
    if not isinstance(drawn, dict):
        return st.just(drawn)  # an operation without path parameters
    return st.fixed_dictionaries(
        {
            name: st.sampled_from(real[name]) if name in real else st.just(value)
            for name, value in drawn.items()
        }
    )


def run_operation(api_schema: BaseSchema, label: str, headers: dict[str, str]) -> None:
    method, path = label.split(" ", 1)
    operation: APIOperation[Any, Any, Any, Any] = api_schema[path][method]
    checks = CHECKS if label in NOT_IN_THE_SCHEMA else [*CHECKS, positive_data_acceptance]

    def call(case: Case[Any]) -> None:
        # A well-formed key drawn twice (hypothesis draws "0" often) with two bodies is rightly refused 422: a
        # fresh key per call keeps that from reading as a valid request refused. A malformed one is kept, to
        # be refused as such.
        key = case.headers.get(KEY_HEADER) if case.headers else None
        if isinstance(key, str) and re.fullmatch(KEY_PATTERN, key):
            case.headers[KEY_HEADER] = str(uuid.uuid4())
        case.call_and_validate(headers=headers, checks=checks)

    test: Callable[[], None] = build_operation_test(
        config=api_schema.config,
        operation=operation,
        test_func=call,
        given_kwargs={},
        feedback=FeedbackSources(),
        explicit_settings=hypothesis.settings(
            deadline=None, suppress_health_check=list(hypothesis.HealthCheck), derandomize=True
        ),
    )
    try:
        test()
    except FailureGroup as exc:
        pytest.fail(str(exc), pytrace=False)


@pytest.mark.timeout(60)
@pytest.mark.parametrize(("label", "role"), CALLS, ids=[f"{label}-{role}" for label, role in CALLS])
def test_operation_keeps_to_its_documented_schemas(
    api_schema: BaseSchema, seeded: Seeded, label: str, role: str
) -> None:
    if label in SKIPPED:
        pytest.skip(SKIPPED[label])
    run_operation(api_schema, label, seeded.headers[role])
