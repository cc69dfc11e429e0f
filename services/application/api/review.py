"""HTTP handlers of staff review: assessments, supplement requests, decisions."""

from aiohttp import web

from services.application.actions import review as actions
from services.application.api.applications import get_application
from services.application.keys import APPLICATION_KEY
from services.application.schemas.applications import (
    Assessments,
    DecisionIn,
    SupplementRequestIn,
    SupplementRequestOut,
)
from shared.http.requests import json_body, principal
from shared.http.responses import json_response


async def assess(request: web.Request) -> web.Response:
    command = await json_body(request, Assessments)
    await actions.assess(
        request.app[APPLICATION_KEY].uow(), principal(request), request.match_info["id"], command
    )
    return await get_application(request)


async def request_supplement(request: web.Request) -> web.Response:
    command = await json_body(request, SupplementRequestIn)
    supplement = await actions.request_supplement(
        request.app[APPLICATION_KEY].uow(), principal(request), request.match_info["id"], command
    )
    return json_response(SupplementRequestOut.model_validate(supplement, from_attributes=True), status=201)


async def decide(request: web.Request) -> web.Response:
    command = await json_body(request, DecisionIn)
    await actions.decide(
        request.app[APPLICATION_KEY].uow(), principal(request), request.match_info["id"], command
    )
    response = await get_application(request)
    response.set_status(201)
    return response
