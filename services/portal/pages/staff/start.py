"""The staff person's start page: the work queue of their areas."""

from aiohttp import web

from services.portal.person import as_person
from services.portal.rendering import render


async def staff_start(request: web.Request) -> web.Response:
    queue = await as_person(request).get("/work-items", status="open", limit=20)
    return render(request, "pages/staff/start.html", {"work_items": queue["items"]})
