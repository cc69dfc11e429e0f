"""Rendering for the provider's pages: the labels of the API's values and the names of the areas, beside
what every page has."""

from typing import Any

from aiohttp import web

from services.portal.context import PORTAL_KEY
from services.portal.pages.provider import labels
from services.portal.rendering import render


async def area_names(request: web.Request) -> dict[str, dict[str, str]]:
    """Area code → its names ({"sv": ..., "en": ...}), from the public list of areas."""
    listed = await request.config_dict[PORTAL_KEY].api.call("GET", "/areas", None)
    return {area["code"]: {"sv": area["name_sv"], "en": area["name_en"]} for area in listed["items"]}


async def show(
    request: web.Request, template: str, context: dict[str, Any], status: int = 200
) -> web.Response:
    return render(
        request,
        f"pages/provider/{template}",
        {"labels": labels, "areas": await area_names(request), **context},
        status=status,
    )
