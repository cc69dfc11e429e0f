"""Follow-up requests as the provider sees them: the list with due dates, and each request with its answer
form (a document may go with the answer)."""

import asyncio
from typing import Any

import aiohttp
from aiohttp import web

from services.portal.api_client import ApiProblem
from services.portal.forms import text
from services.portal.i18n import N_
from services.portal.pages.oversight.cases import area_names, follow_up_view
from services.portal.pages.oversight.problems import field_errors
from services.portal.person import as_person
from services.portal.rendering import render

routes = web.RouteTableDef()

MESSAGES = {"answer": N_("Write your answer"), "file": N_("Choose a PDF, PNG or JPEG file")}


@routes.get("/follow-ups")
async def follow_up_list(request: web.Request) -> web.Response:
    listed, areas = await asyncio.gather(
        as_person(request).get("/follow-up-requests", limit=200), area_names(request)
    )
    follow_ups = sorted(
        (follow_up_view(request, f, areas) for f in listed["items"]),
        key=lambda f: (f["status"] != "open", str(f["due_date"])),
    )
    return render(request, "pages/oversight/follow_ups.html", {"follow_ups": follow_ups})


@routes.get("/follow-ups/{id}")
async def follow_up_page(request: web.Request) -> web.Response:
    return await _page(request, "", {})


@routes.post("/follow-ups/{id}")
async def answer(request: web.Request) -> web.Response:
    case = request.match_info["id"]
    form = await request.post()
    written = text(form, "answer", 20_000)
    api = as_person(request)
    try:
        document = form.get("file")
        # Without an answer the API refuses it; a document sent first would stay attached to no avail.
        if written and isinstance(document, web.FileField) and document.filename:
            upload = aiohttp.FormData()
            upload.add_field(
                "file", document.file.read(), filename=document.filename, content_type=document.content_type
            )
            await api.send("POST", f"/follow-up-requests/{case}/documents", data=upload)
        await api.send("POST", f"/follow-up-requests/{case}/response", json={"answer": written})
    except ApiProblem as problem:
        if problem.status not in (400, 413, 415, 422):
            raise
        errors = field_errors(request, problem, MESSAGES)
        # The upload's refusals name its part (`file`, `file.filename`) or none: all go beside the file field.
        if problem.status in (413, 415) or any(location.startswith("file") for location in errors):
            errors = {"file": next(iter(errors.values()))}
        return await _page(request, written, errors, problem.status)
    raise web.HTTPSeeOther(f"/portal/follow-ups/{case}?done=answered")


async def _page(
    request: web.Request, written: str, errors: dict[str, str], status: int = 200
) -> web.Response:
    return render(
        request,
        "pages/oversight/follow_up.html",
        {**await _case(request), "answer": written, "errors": errors, "done": request.query.get("done")},
        status=status,
    )


async def _case(request: web.Request) -> dict[str, Any]:
    follow_up, areas = await asyncio.gather(
        as_person(request).get(f"/follow-up-requests/{request.match_info['id']}"), area_names(request)
    )
    return {"follow_up": follow_up_view(request, follow_up, areas)}


@routes.get("/follow-ups/{id}/documents/{did}")
@routes.get("/staff/follow-ups/{id}/documents/{did}")
async def document(request: web.Request) -> web.Response:
    case, did = request.match_info["id"], request.match_info["did"]
    found = await as_person(request).download(f"/follow-up-requests/{case}/documents/{did}")
    # A download, never rendered in the portal's origin, as the API sends it.
    headers = {
        "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "default-src 'none'; sandbox",
    }
    if found.disposition:
        headers["Content-Disposition"] = found.disposition
    return web.Response(body=found.body, content_type=found.content_type.split(";")[0], headers=headers)
