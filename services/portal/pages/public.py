"""Pages anyone may read: the start page for visitors and the areas with their conditions."""

from aiohttp import web

from services.portal.context import PORTAL_KEY
from services.portal.rendering import render

routes = web.RouteTableDef()


@routes.get("/areas")
async def areas(request: web.Request) -> web.Response:
    listed = await request.config_dict[PORTAL_KEY].api.call("GET", "/areas", None)
    return render(request, "pages/public/areas.html", {"areas": listed["items"]})


@routes.get("/accessibility")
async def accessibility(request: web.Request) -> web.Response:
    return render(request, "pages/public/accessibility.html", {})
