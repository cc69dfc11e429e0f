"""The services apart behind nginx with the committed deploy/proxy.conf: the document at the base URL
describes every service's operations, and the proxy takes each of them to the process that serves it."""

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass

import aiohttp
import pytest
import pytest_asyncio
from aiohttp.test_utils import unused_port
from prometheus_client.parser import text_string_to_metric_families

from services.application.routes import ROUTES as APPLICATION_ROUTES
from services.notifications.routes import ROUTES as NOTIFICATION_ROUTES
from services.reporting.routes import ROUTES as REPORTING_ROUTES
from shared.http.routing import Route
from tests.support.apart import STAFF_CLIENT_ID, Apart, services_apart
from tests.support.proxy import Proxy, proxy

TABLES: dict[str, list[Route]] = {
    "application": APPLICATION_ROUTES,
    "reporting": REPORTING_ROUTES,
    "notifications": NOTIFICATION_ROUTES,
}
Operation = tuple[str, str]


@dataclass(frozen=True)
class Deployment:
    services: Apart
    proxy: Proxy
    http: aiohttp.ClientSession

    async def get_json(self, path: str, headers: dict[str, str] | None = None) -> tuple[int, object]:
        async with self.http.get(f"{self.proxy.url}{path}", headers=headers) as response:
            return response.status, await response.json(content_type=None)


@pytest_asyncio.fixture(scope="module")
async def deployment(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Deployment]:
    # The proxy's port is the services' base URL, so it is chosen before they start; nginx itself starts
    # only once they listen.
    port = unused_port()
    folder = tmp_path_factory.mktemp("apart")
    async with (
        services_apart(folder, public_base_url=f"http://127.0.0.1:{port}") as services,
        proxy({s: [services.ports[s]] for s in services.ports}, port=port) as running,
        aiohttp.ClientSession() as http,
    ):
        yield Deployment(services, running, http)


def _operations(routes: list[Route]) -> set[Operation]:
    return {(route.method, route.path) for route in routes}


def _filled(path: str) -> str:
    return "/".join(
        uuid.uuid4().hex if part.startswith("{") and part.endswith("}") else part for part in path.split("/")
    )


async def test_the_document_at_the_base_url_describes_every_service(deployment: Deployment) -> None:
    status, spec = await deployment.get_json("/openapi.json")
    assert status == 200 and isinstance(spec, dict)
    documented = {(method.upper(), path) for path, ops in spec["paths"].items() for method in ops}
    for service, routes in TABLES.items():
        assert _operations(routes) <= documented, f"{service} operations missing from /openapi.json"
    assert documented == set().union(*(_operations(routes) for routes in TABLES.values()))
    assert spec["info"]["title"] == "kundval-portal"
    assert spec["servers"] == [{"url": deployment.proxy.url}]
    token_url = spec["components"]["securitySchemes"]["oauth2"]["flows"]["clientCredentials"]["tokenUrl"]
    assert token_url == f"{deployment.proxy.url}/oauth/token"


async def test_every_documented_operation_reaches_the_service_that_serves_it(deployment: Deployment) -> None:
    _, spec = await deployment.get_json("/openapi.json")
    assert isinstance(spec, dict)
    for path, ops in spec["paths"].items():
        for method in ops:
            url = f"{deployment.proxy.url}{_filled(path)}"
            async with deployment.http.request(method.upper(), url) as response:
                body = await response.json(content_type=None) if response.status >= 400 else {}
                # aiohttp's own 404 for an unknown path has no detail; a handler's "no such resource" has.
                route_missing = response.status == 404 and "detail" not in body
                assert not route_missing and response.status not in (405, 502, 504), (
                    method,
                    path,
                    response.status,
                )
    # Each process counts its requests by the route its router matched, or "unmatched": every operation
    # must have been matched by the service whose table holds it, and nothing sent to another one.
    for service, routes in TABLES.items():
        async with deployment.http.get(f"{deployment.services.urls[service]}/metrics") as response:
            exposition = await response.text()
        (family,) = [
            f for f in text_string_to_metric_families(exposition) if f.name == "http_request_duration_seconds"
        ]
        seen = {(s.labels["method"], s.labels["route"]) for s in family.samples if "route" in s.labels}
        api = {
            op for op in seen if op[1] not in {"/healthz", "/readyz", "/metrics", "/openapi.json", "/docs"}
        }
        assert api == _operations(routes), service


async def test_the_docs_page_at_the_base_url_renders_the_whole_document(deployment: Deployment) -> None:
    async with deployment.http.get(f"{deployment.proxy.url}/docs") as response:
        assert response.status == 200
        assert response.content_type == "text/html"
        page = await response.text()
    assert "<title>kundval-portal</title>" in page
    assert 'fetch("openapi.json")' in page


async def test_an_operation_of_each_service_works_through_the_proxy(deployment: Deployment) -> None:
    async with deployment.http.post(
        f"{deployment.proxy.url}/oauth/token",
        data={
            "grant_type": "client_credentials",
            "client_id": STAFF_CLIENT_ID,
            "client_secret": deployment.services.staff_secret,
        },
    ) as response:
        assert response.status == 200
        token = (await response.json())["access_token"]
    staff = {"Authorization": f"Bearer {token}"}
    # Reporting and notifications verify the application service's token against its published keys.
    status, rounds = await deployment.get_json("/quality-rounds", headers=staff)
    assert status == 200 and isinstance(rounds, dict) and "items" in rounds
    status, work = await deployment.get_json("/work-items", headers=staff)
    assert status == 200 and isinstance(work, dict) and "items" in work


async def test_the_portal_is_served_through_the_proxy_by_its_own_process(deployment: Deployment) -> None:
    async with deployment.http.get(f"{deployment.proxy.url}/portal/areas") as response:
        assert response.status == 200
        page = await response.text()
    # The page is the portal's, filled from the API it called through the proxy.
    assert '<html lang="sv"' in page and 'href="/portal/areas/hemtjanst"' in page
    async with deployment.http.get(f"{deployment.proxy.url}/portal/static/portal.css") as response:
        assert response.status == 200


async def test_metrics_are_served_by_each_process_and_not_through_the_proxy(deployment: Deployment) -> None:
    for url in deployment.services.urls.values():
        async with deployment.http.get(f"{url}/metrics") as response:
            assert response.status == 200
            assert "http_request_duration_seconds" in await response.text()
    async with deployment.http.get(f"{deployment.proxy.url}/metrics") as response:
        assert response.status == 404
        assert "http_request_duration_seconds" not in await response.text()
