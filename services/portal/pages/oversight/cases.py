"""Deviations and follow-up requests as a page shows them: labels, dates in the page's language, the area's
name, and the authorisations a form may choose among."""

import asyncio
from typing import Any

from aiohttp import web

from services.portal.context import PORTAL_KEY
from services.portal.pages.oversight.labels import (
    CATEGORIES,
    DEVIATION_STATUSES,
    FOLLOW_UP_STATUSES,
    SEVERITIES,
    STATUS_COLOURS,
)
from services.portal.pages.oversight.when import shown_date, shown_instant
from services.portal.person import AsPerson
from services.portal.rendering import language, translate


async def area_names(request: web.Request) -> dict[str, str]:
    """Area code → its name in the page's language (a public list)."""
    listed = await request.config_dict[PORTAL_KEY].api.call("GET", "/areas", None)
    key = "name_sv" if language(request) == "sv" else "name_en"
    return {str(area["code"]): str(area[key]) for area in listed["items"]}


def deviation_view(request: web.Request, deviation: dict[str, Any], areas: dict[str, str]) -> dict[str, Any]:
    _, lang = translate(request), language(request)
    status = str(deviation["status"])
    return {
        **deviation,
        "area": areas.get(str(deviation["area_code"]), deviation["area_code"]),
        "category_label": _(CATEGORIES.get(str(deviation["category"]), str(deviation["category"]))),
        "severity_label": _(SEVERITIES.get(str(deviation["severity"]), str(deviation["severity"]))),
        "status_label": _(DEVIATION_STATUSES.get(status, status)),
        "status_colour": STATUS_COLOURS.get(status, ""),
        "occurred": shown_instant(deviation["occurred_at"], lang),
        "discovered": shown_instant(deviation["discovered_at"], lang),
        "reported": shown_instant(deviation["created_at"], lang),
        "acknowledged": shown_instant(deviation.get("acknowledged_at"), lang),
        "closed": shown_instant(deviation.get("closed_at"), lang),
    }


def follow_up_view(request: web.Request, follow_up: dict[str, Any], areas: dict[str, str]) -> dict[str, Any]:
    _, lang = translate(request), language(request)
    status = str(follow_up["status"])
    return {
        **follow_up,
        "area": areas.get(str(follow_up["area_code"]), follow_up["area_code"]),
        "status_label": _(FOLLOW_UP_STATUSES.get(status, status)),
        "status_colour": STATUS_COLOURS.get(status, ""),
        "due": shown_date(follow_up["due_date"], lang),
        "asked": shown_instant(follow_up["created_at"], lang),
        "responded": shown_instant(follow_up.get("responded_at"), lang),
    }


async def authorisation_choices(request: web.Request, api: AsPerson, names: bool) -> list[dict[str, str]]:
    """The active authorisations the person may report on or ask about, as {value, text} items; with
    `names`, each names its provider (from the public register), as staff choose among many."""
    areas, listed, register = await asyncio.gather(
        area_names(request),
        api.get("/authorisations", status="active", limit=200),
        request.config_dict[PORTAL_KEY].api.call("GET", "/register", None, params={"limit": "200"})
        if names
        else asyncio.sleep(0, {"items": []}),
    )
    providers = {str(entry["authorisation_id"]): str(entry["provider_name"]) for entry in register["items"]}
    choices = []
    for authorisation in listed["items"]:
        area = areas.get(str(authorisation["area_code"]), str(authorisation["area_code"]))
        provider = providers.get(str(authorisation["id"]))
        choices.append(
            {"value": str(authorisation["id"]), "text": f"{provider}, {area}" if provider else area}
        )
    return sorted(choices, key=lambda choice: choice["text"])
