"""/portal/: the visitor's start page, or the start page of the person logged in."""

from aiohttp import web

from services.portal.context import SESSION_KEY
from services.portal.pages.provider.start import provider_start
from services.portal.pages.staff.start import staff_start
from services.portal.rendering import render

routes = web.RouteTableDef()


@routes.get("/")
async def start(request: web.Request) -> web.Response:
    row = request.get(SESSION_KEY)
    person = row.person if row is not None and row.logged_in_at is not None else None
    if person is None:
        return render(request, "pages/public/start.html", {})
    if person.get("kind") == "provider":
        return await provider_start(request)
    return await staff_start(request)
