"""/portal/organisation/webhooks: an administrator subscribes a system of theirs to kinds of event (the
signing secret shown once), ends a subscription, and reads each one's delivery log."""

from typing import Any

from aiohttp import web

from services.portal.api_client import ApiProblem
from services.portal.forms import form_errors, text
from services.portal.pages.organisation.labels import DELIVERY_STATUSES, EVENT_KINDS
from services.portal.pages.organisation.listing import page_of
from services.portal.pages.organisation.times import local_time
from services.portal.person import AsPerson, as_person
from services.portal.rendering import render

routes = web.RouteTableDef()
TEMPLATE = "pages/organisation/webhooks.html"


async def _event_kinds(api: AsPerson) -> list[str]:
    """The kinds of event the organisation hears of: those its preferences list."""
    preferences = await api.get("/preferences")
    return sorted(preferences["channels"])


async def _page(
    request: web.Request,
    api: AsPerson,
    typed: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> web.Response:
    listed = await api.get("/webhooks")
    kinds = await _event_kinds(api)
    context: dict[str, Any] = {
        "webhooks": listed["items"],
        "kinds": kinds,
        "labels": EVENT_KINDS,
        "typed": typed or {"url": "", "description": "", "event_types": []},
        # A refused kind (event_types.N) is shown on the group of checkboxes, whose first box has its id.
        "errors": {k.split(".")[0]: v for k, v in reversed((errors or {}).items())},
        "done": request.query.get("done") == "deleted",
    }
    return render(request, TEMPLATE, context, status=status)


@routes.get("/organisation/webhooks")
async def webhooks(request: web.Request) -> web.Response:
    return await _page(request, as_person(request))


@routes.post("/organisation/webhooks")
async def subscribe(request: web.Request) -> web.Response:
    api = as_person(request)
    form = await request.post()
    typed = {
        "url": text(form, "url", 500),
        "description": text(form, "description", 200),
        "event_types": [str(v) for v in form.getall("event_types", []) if isinstance(v, str)][:50],
    }
    try:
        created = await api.send("POST", "/webhooks", json=typed)
    except ApiProblem as problem:
        if problem.status not in (400, 422):
            raise
        return await _page(request, api, typed, form_errors(request, problem), problem.status)
    # No redirect: the signing secret is in this answer only.
    return render(
        request, "pages/organisation/webhook_created.html", {"webhook": created, "labels": EVENT_KINDS}
    )


@routes.post("/organisation/webhooks/{id}/delete")
async def delete(request: web.Request) -> web.Response:
    await as_person(request).send("DELETE", f"/webhooks/{request.match_info['id']}")
    raise web.HTTPSeeOther("/portal/organisation/webhooks?done=deleted")


@routes.get("/organisation/webhooks/{id}/deliveries")
async def deliveries(request: web.Request) -> web.Response:
    api = as_person(request)
    webhook = await api.get(f"/webhooks/{request.match_info['id']}")
    listed = await page_of(request, api, f"/webhooks/{webhook['id']}/deliveries")
    for delivery in listed["items"]:
        delivery["created_shown"] = local_time(delivery["created_at"])
        delivery["delivered_shown"] = local_time(delivery["delivered_at"])
        delivery["next_shown"] = local_time(delivery["next_attempt_at"])
        for attempt in delivery["log"]:
            attempt["at_shown"] = local_time(attempt["attempted_at"])
    return render(
        request,
        "pages/organisation/deliveries.html",
        {"webhook": webhook, "deliveries": listed, "labels": EVENT_KINDS, "statuses": DELIVERY_STATUSES},
    )
