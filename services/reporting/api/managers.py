"""HTTP handlers of manager changes and absences."""

from aiohttp import web

from services.reporting.actions import managers as actions
from services.reporting.keys import REPORTING_KEY
from services.reporting.schemas.managers import (
    AbsenceIn,
    AbsenceList,
    AbsenceOut,
    AbsenceQuery,
    ManagerChangeDecisionIn,
    ManagerChangeIn,
    ManagerChangeList,
    ManagerChangeOut,
    ManagerChangeQuery,
)
from services.reporting.storage.managers import ManagerAbsence, ManagerChange
from shared.auth.principal import Principal
from shared.free_text import STORED
from shared.http.keys import SETTINGS_KEY
from shared.http.requests import json_body, principal, query_params
from shared.http.responses import json_response


def change_out(change: ManagerChange, caller: Principal) -> ManagerChangeOut:
    return ManagerChangeOut.model_validate(
        {
            **change.model_dump(exclude={"precheck"}),
            "precheck": None if caller.is_provider else change.precheck,
        },
        context=STORED,
    )


async def report_change(request: web.Request) -> web.Response:
    command = await json_body(request, ManagerChangeIn)
    caller = principal(request)
    change = await actions.report_change(request.app[REPORTING_KEY].uow(), caller, command)
    return json_response(
        change_out(change, caller), status=201, headers={"Location": f"/manager-changes/{change.id}"}
    )


async def list_changes(request: web.Request) -> web.Response:
    query = query_params(request, ManagerChangeQuery)
    caller = principal(request)
    async with request.app[REPORTING_KEY].reads() as session:
        page = await actions.list_changes(session, caller, query)
    return json_response(
        ManagerChangeList(items=[change_out(c, caller) for c in page.items], next_cursor=page.next_cursor)
    )


async def get_change(request: web.Request) -> web.Response:
    caller = principal(request)
    async with request.app[REPORTING_KEY].reads() as session:
        change = await actions.get_change(session, caller, request.match_info["id"])
    return json_response(change_out(change, caller))


async def decide_change(request: web.Request) -> web.Response:
    command = await json_body(request, ManagerChangeDecisionIn)
    caller = principal(request)
    change = await actions.decide_change(
        request.app[REPORTING_KEY].uow(), caller, request.match_info["id"], command
    )
    return json_response(change_out(change, caller))


def absence_out(absence: ManagerAbsence, caller: Principal) -> AbsenceOut:
    # The substitute's pre-check is for staff, as a manager change's is: the provider sees what it reported.
    return AbsenceOut.model_validate(
        {
            **absence.model_dump(exclude={"precheck"}),
            "precheck": None if caller.is_provider else absence.precheck,
        },
        context=STORED,
    )


async def report_absence(request: web.Request) -> web.Response:
    command = await json_body(request, AbsenceIn)
    caller = principal(request)
    absence = await actions.report_absence(
        request.app[REPORTING_KEY].uow(),
        caller,
        command,
        competence_after_days=request.app[SETTINGS_KEY].substitute_competence_after_days,
    )
    return json_response(absence_out(absence, caller), status=201)


async def list_absences(request: web.Request) -> web.Response:
    query = query_params(request, AbsenceQuery)
    caller = principal(request)
    async with request.app[REPORTING_KEY].reads() as session:
        page = await actions.list_absences(session, caller, query)
    return json_response(
        AbsenceList(items=[absence_out(a, caller) for a in page.items], next_cursor=page.next_cursor)
    )
