"""Whichever process serves /openapi.json, it describes the whole public API."""

from pathlib import Path

import orjson
import pytest
from aiohttp import web
from aiohttp.test_utils import make_mocked_request

from services.api import PUBLIC_API
from services.reporting.app import install as install_reporting
from shared.http.app import ApiDocument, UndocumentedRoute, build_app
from shared.settings import Settings


def _settings(folder: Path) -> Settings:
    return Settings(data_dir=folder, public_base_url="http://proxy.example")


async def test_one_service_documents_every_service_s_operations(tmp_path: Path) -> None:
    app = build_app(_settings(tmp_path), [install_reporting], "reporting", PUBLIC_API)
    # Only the router is asked, so the app's broker and databases are never started.
    request = make_mocked_request("GET", "/openapi.json", app=app)
    response = await (await app.router.resolve(request)).handler(request)
    assert isinstance(response, web.Response) and isinstance(response.body, bytes)
    spec = orjson.loads(response.body)
    documented = {(method.upper(), path) for path, ops in spec["paths"].items() for method in ops}
    assert documented == {(route.method, route.path) for route in PUBLIC_API.routes}
    assert spec["info"]["title"] == PUBLIC_API.title
    assert spec["servers"] == [{"url": "http://proxy.example"}]


def test_a_process_that_would_serve_an_undocumented_operation_does_not_start(tmp_path: Path) -> None:
    partial = ApiDocument("partial", [r for r in PUBLIC_API.routes if r.path != "/deviations"])
    with pytest.raises(UndocumentedRoute, match="/deviations"):
        build_app(_settings(tmp_path), [install_reporting], "reporting", partial)
