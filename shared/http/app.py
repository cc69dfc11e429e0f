"""The app factory every run mode uses: one service, or all of them on one port."""

import asyncio
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

import orjson
from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, Histogram, generate_latest

from shared.auth.tokens import RemoteJwks, TokenVerifier
from shared.http.auth import requiring_login
from shared.http.caching import answering_conditionally
from shared.http.docs import docs_page
from shared.http.idempotency import keeping_answers
from shared.http.keys import KEY_STORES_KEY, READINESS_KEY, ROUTES_KEY, SETTINGS_KEY, VERIFIER_KEY
from shared.http.openapi import build_openapi
from shared.http.problems import mark_started, problem, problem_middleware
from shared.http.reconnect import reconnecting_middleware
from shared.http.requests import nul_middleware
from shared.http.responses import json_response
from shared.http.routing import Route
from shared.logging import bind_correlation_id, get_logger
from shared.settings import Settings
from shared.tracing import tracing_context, tracing_middleware

log = get_logger(__name__)

Installer = Callable[[web.Application], None]
# aiohttp's HTTP parser refuses a request line over 8190 bytes with a plain-text 400, before any middleware
# could answer problem+json. The documented query limits are in characters; percent-encoded UTF-8 takes up
# to 12 bytes for each, so the longest valid query (a login callback's code and state) needs about 29 KB.
SERVER_LIMITS: dict[str, Any] = {"max_line_size": 32 * 1024}
CORRELATION_HEADER = "X-Correlation-ID"


@dataclass(frozen=True)
class ApiDocument:
    """What /openapi.json and /docs describe, when that is more than the routes this process serves."""

    title: str
    routes: Sequence[Route]


class UndocumentedRoute(ValueError):
    """A process would serve an operation its own API document leaves out."""


REQUEST_SECONDS = Histogram(
    "http_request_duration_seconds", "HTTP request latency", ["method", "route", "status"]
)


@web.middleware
async def correlation_middleware(request: web.Request, handler: Any) -> web.StreamResponse:
    supplied = request.headers.get(CORRELATION_HEADER, "")
    value = supplied if 0 < len(supplied) <= 64 and supplied.isprintable() else uuid.uuid4().hex
    bind_correlation_id(value)
    response: web.StreamResponse = await handler(request)
    response.headers[CORRELATION_HEADER] = value
    return response


@web.middleware
async def metrics_middleware(request: web.Request, handler: Any) -> web.StreamResponse:
    started = time.perf_counter()
    status = 500
    try:
        response: web.StreamResponse = await handler(request)
        status = response.status
        return response
    finally:
        resource = request.match_info.route.resource
        route = resource.canonical if resource is not None else "unmatched"
        REQUEST_SECONDS.labels(request.method, route, str(status)).observe(time.perf_counter() - started)


async def healthz(request: web.Request) -> web.Response:
    return json_response({"status": "ok"})


async def readyz(request: web.Request) -> web.Response:
    checks = request.app[READINESS_KEY]
    timeout = request.app[SETTINGS_KEY].readiness_timeout_s
    # Together, each bounded: a dependency that does not answer is not ready, and /readyz answers in time.
    outcomes = await asyncio.gather(
        *(asyncio.wait_for(check(), timeout) for check in checks.values()), return_exceptions=True
    )
    results = {
        name: "ok" if outcome is None else f"failing: {outcome.__class__.__name__}"
        for name, outcome in zip(checks, outcomes, strict=True)
    }
    if all(v == "ok" for v in results.values()):
        return json_response({"status": "ready", "checks": results})
    return problem(503, "Service Unavailable", "A dependency is not ready.", checks=results)


async def metrics(request: web.Request) -> web.Response:
    return web.Response(body=generate_latest(REGISTRY), headers={"Content-Type": CONTENT_TYPE_LATEST})


def build_app(
    settings: Settings,
    installers: Sequence[Installer],
    title: str,
    document: ApiDocument | None = None,
) -> web.Application:
    """`document` is what /openapi.json describes; without it, the routes of `installers` under `title`."""
    app = web.Application(
        middlewares=[
            tracing_middleware,
            correlation_middleware,
            metrics_middleware,
            problem_middleware,
            nul_middleware,
            reconnecting_middleware,
        ],
        client_max_size=settings.max_body_bytes,
    )
    app.on_response_prepare.append(mark_started)
    # First, so that the services' own startup (and its outbox relay and consumer) already trace.
    app.cleanup_ctx.append(tracing_context(settings, title))
    app[SETTINGS_KEY] = settings
    app[READINESS_KEY] = {}
    app[ROUTES_KEY] = []
    app[KEY_STORES_KEY] = {}
    for install in installers:
        install(app)
    if VERIFIER_KEY not in app:
        app[VERIFIER_KEY] = TokenVerifier(
            RemoteJwks(settings.jwks_location), settings.token_issuer, settings.audience
        )
    for route in app[ROUTES_KEY]:
        # The login is checked first: a key is scoped by the caller it names.
        handler = requiring_login(replace(route, handler=keeping_answers(route)))
        if route.cached:
            handler = answering_conditionally(handler)
        app.router.add_route(route.method, route.path, handler, name=route.handler.__name__)
    served: list[Route] = app[ROUTES_KEY]
    described = document if document is not None else ApiDocument(title, served)
    # A route missing from the document would be invisible to every client that generates code from it.
    undocumented = {(r.method, r.path) for r in served} - {(r.method, r.path) for r in described.routes}
    if undocumented:
        raise UndocumentedRoute(f"served but not documented: {sorted(undocumented)}")
    spec = orjson.dumps(
        build_openapi(
            list(described.routes),
            title=described.title,
            base_url=settings.base_url,
            token_url=f"{settings.token_issuer}/oauth/token",
        )
    )

    async def openapi(request: web.Request) -> web.Response:
        return web.Response(body=spec, content_type="application/json")

    async def docs(request: web.Request) -> web.Response:
        return web.Response(text=docs_page(described.title), content_type="text/html")

    app.router.add_get("/healthz", healthz)
    app.router.add_get("/readyz", readyz)
    app.router.add_get("/metrics", metrics)
    app.router.add_get("/openapi.json", openapi)
    app.router.add_get("/docs", docs)
    return app
