"""HTTP handlers of follow-up requests and their answers."""

from aiohttp import web

from services.reporting.actions import follow_ups as actions
from services.reporting.domain.follow_ups import deadline_check_due
from services.reporting.keys import REPORTING_KEY
from services.reporting.schemas.follow_ups import (
    AnswerOut,
    DocumentOut,
    FollowUpList,
    FollowUpOut,
    FollowUpQuery,
    FollowUpRequestIn,
    FollowUpResponseIn,
    RejectionIn,
)
from services.reporting.storage.follow_ups import FollowUpAnswer, FollowUpDocument, FollowUpRequest
from shared.clock import now_utc, stockholm_date
from shared.http.keys import SETTINGS_KEY
from shared.http.requests import json_body, principal, query_params
from shared.http.responses import json_response
from shared.http.uploads import document_response, uploaded_file


def follow_up_out(
    follow_up: FollowUpRequest,
    documents: list[FollowUpDocument] | None,
    answers: list[FollowUpAnswer] | None = None,
) -> FollowUpOut:
    today = stockholm_date(now_utc())
    return FollowUpOut(
        **follow_up.model_dump(include=set(FollowUpOut.model_fields) - {"overdue", "documents", "answers"}),
        overdue=deadline_check_due(
            follow_up.status, follow_up.due_date, today, tied_to_warning=follow_up.warning_id is not None
        ),
        documents=None if documents is None else [_document_out(d) for d in documents],
        answers=None if answers is None else [_answer_out(a, documents or []) for a in answers],
    )


def _document_out(document: FollowUpDocument) -> DocumentOut:
    return DocumentOut.model_validate(document, from_attributes=True)


def _answer_out(answer: FollowUpAnswer, documents: list[FollowUpDocument]) -> AnswerOut:
    return AnswerOut(
        **answer.model_dump(exclude={"id", "request_id"}),
        documents=[_document_out(d) for d in documents if d.answer_id == answer.id],
    )


async def _answer(request: web.Request, request_id: str, status: int = 200) -> web.Response:
    async with request.app[REPORTING_KEY].reads() as session:
        view = await actions.view(session, principal(request), request_id)
    return json_response(follow_up_out(view.request, view.documents, view.answers), status=status)


async def request_follow_up(request: web.Request) -> web.Response:
    command = await json_body(request, FollowUpRequestIn)
    follow_up = await actions.request(request.app[REPORTING_KEY].uow(), principal(request), command)
    response = await _answer(request, follow_up.id, status=201)
    response.headers["Location"] = f"/follow-up-requests/{follow_up.id}"
    return response


async def list_follow_ups(request: web.Request) -> web.Response:
    query = query_params(request, FollowUpQuery)
    async with request.app[REPORTING_KEY].reads() as session:
        page = await actions.list_requests(session, principal(request), query)
    return json_response(
        FollowUpList(items=[follow_up_out(r, None) for r in page.items], next_cursor=page.next_cursor)
    )


async def get_follow_up(request: web.Request) -> web.Response:
    return await _answer(request, request.match_info["id"])


async def respond_to_follow_up(request: web.Request) -> web.Response:
    command = await json_body(request, FollowUpResponseIn)
    await actions.respond(
        request.app[REPORTING_KEY].uow(), principal(request), request.match_info["id"], command.answer
    )
    return await _answer(request, request.match_info["id"])


async def accept_follow_up(request: web.Request) -> web.Response:
    await actions.accept(request.app[REPORTING_KEY].uow(), principal(request), request.match_info["id"])
    return await _answer(request, request.match_info["id"])


async def reject_follow_up(request: web.Request) -> web.Response:
    command = await json_body(request, RejectionIn)
    await actions.reject(
        request.app[REPORTING_KEY].uow(), principal(request), request.match_info["id"], command.reasons
    )
    return await _answer(request, request.match_info["id"])


async def attach_follow_up_document(request: web.Request) -> web.Response:
    settings = request.app[SETTINGS_KEY]
    filename, declared_type, content = await uploaded_file(request, settings.attachment_max_bytes)
    document = await actions.attach(
        request.app[REPORTING_KEY].uow(),
        principal(request),
        request.match_info["id"],
        filename=filename,
        declared_type=declared_type,
        content=content,
        max_count=settings.attachment_max_count,
    )
    return json_response(DocumentOut.model_validate(document, from_attributes=True), status=201)


async def download_follow_up_document(request: web.Request) -> web.Response:
    async with request.app[REPORTING_KEY].reads() as session:
        document = await actions.document(
            session, principal(request), request.match_info["id"], request.match_info["did"]
        )
    return document_response(document.content, document.media_type, document.filename, document.sha256)
