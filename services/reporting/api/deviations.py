"""HTTP handlers of serious deviations."""

from aiohttp import web

from services.reporting.actions import deviations as actions
from services.reporting.keys import REPORTING_KEY
from services.reporting.schemas.deviations import (
    ClosureIn,
    DeviationIn,
    DeviationList,
    DeviationOut,
    DeviationQuery,
    StaffNote,
)
from shared.http.requests import json_body, principal, query_params
from shared.http.responses import json_response


async def report_deviation(request: web.Request) -> web.Response:
    command = await json_body(request, DeviationIn)
    deviation = await actions.report(request.app[REPORTING_KEY].uow(), principal(request), command)
    return json_response(
        DeviationOut.model_validate(deviation, from_attributes=True),
        status=201,
        headers={"Location": f"/deviations/{deviation.id}"},
    )


async def list_deviations(request: web.Request) -> web.Response:
    query = query_params(request, DeviationQuery)
    async with request.app[REPORTING_KEY].reads() as session:
        page = await actions.list_deviations(session, principal(request), query)
    return json_response(
        DeviationList(
            items=[DeviationOut.model_validate(d, from_attributes=True) for d in page.items],
            next_cursor=page.next_cursor,
        )
    )


async def get_deviation(request: web.Request) -> web.Response:
    async with request.app[REPORTING_KEY].reads() as session:
        deviation = await actions.get(session, principal(request), request.match_info["id"])
    return json_response(DeviationOut.model_validate(deviation, from_attributes=True))


async def acknowledge_deviation(request: web.Request) -> web.Response:
    command = await json_body(request, StaffNote)
    deviation = await actions.acknowledge(
        request.app[REPORTING_KEY].uow(), principal(request), request.match_info["id"], command.note
    )
    return json_response(DeviationOut.model_validate(deviation, from_attributes=True))


async def close_deviation(request: web.Request) -> web.Response:
    command = await json_body(request, ClosureIn)
    deviation = await actions.close(
        request.app[REPORTING_KEY].uow(), principal(request), request.match_info["id"], command.note
    )
    return json_response(DeviationOut.model_validate(deviation, from_attributes=True))
