"""The provider person's start page: their applications, and the inbox."""

import asyncio

from aiohttp import web

from services.portal.person import as_person
from services.portal.rendering import render


async def provider_start(request: web.Request) -> web.Response:
    api = as_person(request)
    applications, inbox = await asyncio.gather(
        api.get("/applications", limit=20), api.get("/notifications", limit=10)
    )
    return render(
        request,
        "pages/provider/start.html",
        {"applications": applications["items"], "inbox": inbox["items"]},
    )
