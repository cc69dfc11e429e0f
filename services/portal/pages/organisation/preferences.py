"""/portal/organisation/preferences: the channels each kind of event reaches the organisation (or a staff
member) by, and the language of its texts. The inbox is always on; the rest is chosen per kind."""

from typing import Any

from aiohttp import web

from services.portal.api_client import ApiProblem
from services.portal.forms import form_errors, text
from services.portal.pages.organisation.labels import CHANNELS, EVENT_KINDS
from services.portal.pages.organisation.rights import chooses_own_preferences
from services.portal.person import AsPerson, as_person
from services.portal.rendering import render

routes = web.RouteTableDef()
TEMPLATE = "pages/organisation/preferences.html"
ALWAYS = "inbox"
LANGUAGES = {"sv": "Svenska", "en": "English"}


def _offered(person: dict[str, Any]) -> list[str]:
    """The channels one may choose besides the inbox: webhooks are for providers."""
    return ["email", "webhook"] if person.get("kind") == "provider" else ["email"]


async def _page(
    request: web.Request,
    api: AsPerson,
    shown: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> web.Response:
    preferences = shown or await api.get("/preferences")
    context: dict[str, Any] = {
        "preferences": preferences,
        "offered": _offered(api.person),
        "channels": CHANNELS,
        "labels": EVENT_KINDS,
        "languages": LANGUAGES,
        "changes": chooses_own_preferences(api.person),
        "staff": api.person.get("kind") != "provider",
        "errors": errors or {},
        "done": request.query.get("done") == "saved",
    }
    return render(request, TEMPLATE, context, status=status)


@routes.get("/organisation/preferences")
async def preferences(request: web.Request) -> web.Response:
    return await _page(request, as_person(request))


@routes.post("/organisation/preferences")
async def choose(request: web.Request) -> web.Response:
    api = as_person(request)
    form = await request.post()
    current = await api.get("/preferences")
    offered = _offered(api.person)
    # One checkbox per kind and channel, named "<kind>:<channel>"; an unticked box is simply not sent.
    ticked = {str(v) for v in form.getall("channel", []) if isinstance(v, str)}
    channels = {
        kind: [ALWAYS, *(c for c in offered if f"{kind}:{c}" in ticked)] for kind in current["channels"]
    }
    change: dict[str, Any] = {"language": text(form, "language", 5), "channels": channels}
    if api.person.get("kind") != "provider":
        change["email_address"] = text(form, "email_address", 320) or None
    try:
        await api.send("PATCH", "/preferences", json=change)
    except ApiProblem as problem:
        if problem.status not in (400, 422):
            raise
        shown = {**current, **change}
        return await _page(request, api, shown, form_errors(request, problem), problem.status)
    raise web.HTTPSeeOther("/portal/organisation/preferences?done=saved")
