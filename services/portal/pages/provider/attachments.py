"""An application's documents: the list with download links through the portal, uploading one, removing
one. The API decides what it accepts (type by content, size, number)."""

import aiohttp
from aiohttp import web

from services.portal.api_client import ApiProblem
from services.portal.forms import WHOLE_FORM, form_errors
from services.portal.pages.provider.labels import EDITABLE
from services.portal.pages.provider.view import show
from services.portal.person import as_person
from services.portal.rendering import translate

routes = web.RouteTableDef()


@routes.get("/applications/{id}/attachments")
async def attachments(request: web.Request) -> web.Response:
    found = await as_person(request).get(f"/applications/{request.match_info['id']}")
    return await _page(request, found, {})


@routes.post("/applications/{id}/attachments")
async def upload(request: web.Request) -> web.Response:
    api = as_person(request)
    application_id = request.match_info["id"]
    form = await request.post()
    chosen = form.get("file")
    _ = translate(request)
    if not isinstance(chosen, web.FileField) or not chosen.filename:
        found = await api.get(f"/applications/{application_id}")
        return await _page(request, found, {"file": _("Choose a file to attach")}, status=400)
    sent = aiohttp.FormData()
    sent.add_field("file", chosen.file.read(), filename=chosen.filename, content_type=chosen.content_type)
    try:
        await api.send("POST", f"/applications/{application_id}/attachments", data=sent)
    except ApiProblem as problem:
        if problem.status not in (413, 415, 422):
            raise
        found = await api.get(f"/applications/{application_id}")
        # Whatever the API says of the upload is said of the file field.
        messages = form_errors(request, problem)
        errors = {"file": messages.get(WHOLE_FORM) or next(iter(messages.values()))}
        return await _page(request, found, errors, status=problem.status)
    raise web.HTTPSeeOther(f"/portal/applications/{application_id}/attachments?done=attached")


@routes.get("/applications/{id}/attachments/{aid}")
async def download(request: web.Request) -> web.Response:
    application_id, attachment_id = request.match_info["id"], request.match_info["aid"]
    got = await as_person(request).download(f"/applications/{application_id}/attachments/{attachment_id}")
    headers = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}
    if got.disposition:
        headers["Content-Disposition"] = got.disposition
    return web.Response(body=got.body, content_type=got.content_type.split(";")[0], headers=headers)


@routes.post("/applications/{id}/attachments/{aid}/remove")
async def remove(request: web.Request) -> web.Response:
    application_id, attachment_id = request.match_info["id"], request.match_info["aid"]
    await as_person(request).send("DELETE", f"/applications/{application_id}/attachments/{attachment_id}")
    raise web.HTTPSeeOther(f"/portal/applications/{application_id}/attachments?done=removed")


async def _page(
    request: web.Request, found: dict[str, object], errors: dict[str, str], status: int = 200
) -> web.Response:
    return await show(
        request,
        "attachments.html",
        {
            "application": found,
            "editable": found["status"] in EDITABLE,
            "errors": errors,
            "done": request.query.get("done"),
        },
        status=status,
    )
