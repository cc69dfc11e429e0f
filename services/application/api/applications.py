"""HTTP handlers of applications and their documents."""

from aiohttp import web

from services.application.actions import applications as actions
from services.application.actions.applications import ApplicationView
from services.application.keys import APPLICATION_KEY
from services.application.schemas.applications import (
    ApplicationChanges,
    ApplicationCreate,
    ApplicationList,
    ApplicationOut,
    ApplicationQuery,
    ApplicationSummary,
    AssessmentOut,
    AttachmentOut,
    DecisionOut,
)
from shared.competence import PersonInCharge
from shared.events.letters import DecisionLetter
from shared.free_text import STORED
from shared.http.keys import SETTINGS_KEY
from shared.http.requests import json_body, principal, query_params
from shared.http.responses import json_response
from shared.http.uploads import document_response, uploaded_file


async def create_application(request: web.Request) -> web.Response:
    command = await json_body(request, ApplicationCreate)
    application = await actions.start_application(
        request.app[APPLICATION_KEY].uow(), principal(request), command.area_code
    )
    return json_response(
        ApplicationSummary.model_validate(application, from_attributes=True),
        status=201,
        headers={"Location": f"/applications/{application.id}"},
    )


async def list_applications(request: web.Request) -> web.Response:
    query = query_params(request, ApplicationQuery)
    async with request.app[APPLICATION_KEY].reads() as session:
        page = await actions.list_applications(session, principal(request), query)
    return json_response(
        ApplicationList(
            items=[ApplicationSummary.model_validate(a, from_attributes=True) for a in page.items],
            next_cursor=page.next_cursor,
        )
    )


async def get_application(request: web.Request) -> web.Response:
    async with request.app[APPLICATION_KEY].read_connection() as connection:
        view = await actions.application_view(connection, principal(request), request.match_info["id"])
    return json_response(application_out(view))


async def change_application(request: web.Request) -> web.Response:
    changes = await json_body(request, ApplicationChanges)
    await actions.change_application(
        request.app[APPLICATION_KEY].uow(), principal(request), request.match_info["id"], changes
    )
    return await get_application(request)


async def submit_application(request: web.Request) -> web.Response:
    await actions.submit_application(
        request.app[APPLICATION_KEY].uow(), principal(request), request.match_info["id"]
    )
    return await get_application(request)


async def withdraw_application(request: web.Request) -> web.Response:
    await actions.withdraw_application(
        request.app[APPLICATION_KEY].uow(), principal(request), request.match_info["id"]
    )
    return await get_application(request)


async def add_attachment(request: web.Request) -> web.Response:
    settings = request.app[SETTINGS_KEY]
    filename, declared_type, content = await uploaded_file(request, settings.attachment_max_bytes)
    attachment = await actions.add_attachment(
        request.app[APPLICATION_KEY].uow(),
        principal(request),
        request.match_info["id"],
        filename=filename,
        declared_type=declared_type,
        content=content,
        max_count=settings.attachment_max_count,
    )
    return json_response(
        AttachmentOut.model_validate(attachment, from_attributes=True),
        status=201,
        headers={"Location": f"/applications/{attachment.application_id}/attachments/{attachment.id}"},
    )


async def remove_attachment(request: web.Request) -> web.Response:
    await actions.remove_attachment(
        request.app[APPLICATION_KEY].uow(),
        principal(request),
        request.match_info["id"],
        request.match_info["aid"],
    )
    return web.Response(status=204)


async def download_attachment(request: web.Request) -> web.Response:
    async with request.app[APPLICATION_KEY].reads() as session:
        attachment, content = await actions.attachment_file(
            session, principal(request), request.match_info["id"], request.match_info["aid"]
        )
    return document_response(content, attachment.media_type, attachment.filename, attachment.sha256)


def application_out(view: ApplicationView) -> ApplicationOut:
    parts = view.parts
    application = parts.application
    assessments = None
    if view.assessments is not None:
        latest = {a["condition_code"]: a for a in view.assessments}  # oldest first: the latest one stays
        assessments = [AssessmentOut.model_validate(a) for a in latest.values()]
    decision = None
    if parts.decision is not None:
        decision = DecisionOut(
            outcome=parts.decision["outcome"],
            reasons=parts.decision["reasons"],
            decided_at=parts.decision["decided_at"],
            letter=DecisionLetter.model_validate(parts.decision["letter"]),
            authorisation_id=parts.authorisation_id,
        )
    person_in_charge = application["person_in_charge"]
    return ApplicationOut.model_validate(
        {
            **application,
            "person_in_charge": (
                PersonInCharge.model_validate(person_in_charge, strict=False, context=STORED)
                if person_in_charge
                else None
            ),
            "attachments": parts.attachments,
            "supplement_requests": parts.supplement_requests,
            "decision": decision,
            "assessments": assessments,
            "precheck": view.precheck,
        }
    )
