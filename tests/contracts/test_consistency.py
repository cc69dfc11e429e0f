"""The parts that must agree: event catalogue, queue bindings and handlers; routes and OpenAPI; settings
and their descriptions."""

from enum import StrEnum
from typing import Any

import orjson
import pytest
from aiohttp import web
from openapi_spec_validator import validate
from pydantic import BaseModel, create_model

from services.application.consumers import handlers as application_handlers
from services.application.routes import ROUTES as APPLICATION_ROUTES
from services.notifications.actions.notify import Outlets
from services.notifications.bell import Bell
from services.notifications.consumers import handlers as notification_handlers
from services.notifications.routes import ROUTES as NOTIFICATION_ROUTES
from services.reporting.consumers import handlers as reporting_handlers
from services.reporting.routes import ROUTES as REPORTING_ROUTES
from shared.events.catalogue import EVENT_TYPES
from shared.http.openapi import ComponentNameCollision, build_openapi
from shared.http.routing import Route
from shared.messaging.topology import SUBSCRIPTIONS
from shared.settings import Settings
from tests.support.system import System

REGISTRIES = [
    application_handlers,
    notification_handlers(Outlets("http://127.0.0.1", email=True, bell=Bell())),
    reporting_handlers,
]
ALL_ROUTES = APPLICATION_ROUTES + REPORTING_ROUTES + NOTIFICATION_ROUTES
# Facts no service acts on today; they stay on the unrouted queue for a week for anyone who needs them.
NO_CONSUMER_YET: set[str] = {
    "authorisation.capacity_changed",
    "conditions.published",
    "quality_round.opened",
    "work_item.claimed",
    "work_item.completed",
    "work_item.escalated",
}


def test_every_event_type_has_a_consumer_or_is_declared_unconsumed() -> None:
    consumed = set().union(*(r.event_types for r in REGISTRIES))
    assert EVENT_TYPES - consumed <= NO_CONSUMER_YET


def test_each_service_s_handlers_are_the_subscriptions_its_publishers_declare() -> None:
    for registry in REGISTRIES:
        assert registry.event_types == SUBSCRIPTIONS[registry.consumer], registry.consumer


def test_every_handled_event_type_is_in_the_catalogue() -> None:
    for registry in REGISTRIES:
        assert registry.event_types <= EVENT_TYPES, registry.consumer


def test_route_paths_of_the_services_never_collide() -> None:
    keys = [(r.method, r.path) for r in ALL_ROUTES]
    assert len(keys) == len(set(keys))


@pytest.mark.parametrize("route", [r for r in ALL_ROUTES if r.body is not None], ids=lambda r: r.path)
def test_every_request_body_is_documented_with_an_example_the_api_accepts(route: Route) -> None:
    assert route.body is not None and route.body_example is not None, f"{route.method} {route.path}"
    route.body.model_validate_json(orjson.dumps(route.body_example))


def test_the_openapi_document_is_valid_openapi_3_1() -> None:
    spec = build_openapi(
        ALL_ROUTES,
        title="t",
        base_url="http://127.0.0.1",
        token_url="http://127.0.0.1/oauth/token",
    )
    validate(spec)


def _spec() -> dict[str, Any]:
    return build_openapi(ALL_ROUTES, title="t", base_url="http://127.0.0.1", token_url="http://t/oauth/token")


def test_a_decision_outcome_is_documented_as_the_decision_s_values() -> None:
    body = _spec()["components"]["schemas"]["DecisionIn"]
    outcome = body["properties"]["outcome"]["$ref"].rsplit("/", 1)[1]
    assert _spec()["components"]["schemas"][outcome]["enum"] == ["approved", "rejected"]


def test_two_different_schemas_of_one_name_are_refused() -> None:
    def one_of(model: str, values: list[str]) -> type[BaseModel]:
        enum = StrEnum("Outcome", values)  # type: ignore[misc]
        return create_model(model, outcome=(enum, ...))

    async def handler(request: web.Request) -> web.Response:
        raise NotImplementedError

    routes = [
        Route("POST", "/a", handler, "a", "t", body=one_of("A", ["met", "not_met"])),
        Route("POST", "/b", handler, "b", "t", body=one_of("B", ["approved", "rejected"])),
    ]
    with pytest.raises(ComponentNameCollision):
        build_openapi(routes, title="t", base_url="http://127.0.0.1", token_url="http://t/oauth/token")


async def test_every_served_route_is_documented_and_every_documented_one_served(system: System) -> None:
    spec = await (await system.client.get("/openapi.json")).json()
    documented = {(method.upper(), path) for path, ops in spec["paths"].items() for method in ops}
    operational = {"/healthz", "/readyz", "/metrics", "/openapi.json", "/docs"}
    # The portal's web pages are for people's browsers, not operations of the API.
    served = {
        (route.method, route.resource.canonical)
        for route in system.app.router.routes()
        if route.method != "HEAD"
        and route.resource is not None
        and route.resource.canonical not in operational
        and not route.resource.canonical.startswith("/portal")
    }
    assert any(r.resource and r.resource.canonical.startswith("/portal/") for r in system.app.router.routes())
    assert served == documented


async def test_operational_endpoints_answer(system: System) -> None:
    assert (await system.client.get("/healthz")).status == 200
    ready = await (await system.client.get("/readyz")).json()
    assert ready["status"] == "ready"
    assert set(ready["checks"]) == {
        "broker",
        "application.database",
        "reporting.database",
        "notifications.database",
        "portal.database",
    }
    metrics = await (await system.client.get("/metrics")).text()
    assert "http_request_duration_seconds" in metrics
    docs = await system.client.get("/docs")
    assert docs.status == 200 and "openapi.json" in await docs.text()


@pytest.mark.parametrize("name", sorted(Settings.model_fields))
def test_every_setting_is_described(name: str) -> None:
    assert Settings.model_fields[name].description


def test_every_creating_post_documents_its_idempotency_key_and_the_answers_it_gives() -> None:
    paths = _spec()["paths"]
    creating = {(r.method, r.path) for r in ALL_ROUTES if r.creates}
    # Every 201 POST but the uploads, whose streamed multipart body no fingerprint recognises again.
    uploads = {(r.method, r.path) for r in ALL_ROUTES if r.upload_part is not None}
    assert (
        creating
        == {(r.method, r.path) for r in ALL_ROUTES if r.method == "POST" and r.status == 201} - uploads
    )
    assert ("POST", "/applications") in creating and ("POST", "/providers") in creating
    for method, path in creating:
        operation = paths[path][method.lower()]
        headers = [p["name"] for p in operation["parameters"] if p["in"] == "header"]
        assert headers == ["Idempotency-Key"], path
        assert {"400", "409", "422"} <= set(operation["responses"]), path
    for method, path in {(r.method, r.path) for r in ALL_ROUTES} - creating:
        parameters = paths[path][method.lower()].get("parameters", [])
        assert all(p["name"] != "Idempotency-Key" for p in parameters), path


@pytest.mark.parametrize("route", [r for r in ALL_ROUTES if r.creates and r.response], ids=lambda r: r.path)
def test_a_secret_a_creating_post_answers_is_never_kept_for_a_retry(route: Route) -> None:
    assert route.response is not None
    schema = orjson.dumps(route.response.model_json_schema()).decode()
    assert ("client_secret" in schema) == bool(route.secrets), route.path
