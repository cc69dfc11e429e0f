"""HTTP handlers of authorisations: reading, capacity, warnings, revocation."""

from aiohttp import web

from services.application.actions import authorisations as actions
from services.application.actions.authorisations import AuthorisationView
from services.application.domain.authorisations import at_capacity, warning_status
from services.application.keys import APPLICATION_KEY
from services.application.schemas.authorisations import (
    AuthorisationList,
    AuthorisationOut,
    AuthorisationQuery,
    AuthorisationSummary,
    CapacityChangeOut,
    CapacityIn,
    RevocationIn,
    WarningIn,
    WarningOut,
)
from services.application.storage.authorisations import Authorisation
from shared.events.letters import DecisionLetter
from shared.http.requests import json_body, principal, query_params
from shared.http.responses import json_response
from shared.warning_follow_ups import follow_up_request_id


async def list_authorisations(request: web.Request) -> web.Response:
    query = query_params(request, AuthorisationQuery)
    async with request.app[APPLICATION_KEY].reads() as session:
        page = await actions.list_authorisations(session, principal(request), query)
    return json_response(
        AuthorisationList(items=[summary(a) for a in page.items], next_cursor=page.next_cursor)
    )


async def get_authorisation(request: web.Request) -> web.Response:
    async with request.app[APPLICATION_KEY].reads() as session:
        view = await actions.authorisation_view(session, principal(request), request.match_info["id"])
    return json_response(authorisation_out(view))


async def set_capacity(request: web.Request) -> web.Response:
    command = await json_body(request, CapacityIn)
    await actions.set_capacity(
        request.app[APPLICATION_KEY].uow(), principal(request), request.match_info["id"], command
    )
    return await get_authorisation(request)


async def issue_warning(request: web.Request) -> web.Response:
    command = await json_body(request, WarningIn)
    await actions.issue_warning(
        request.app[APPLICATION_KEY].uow(), principal(request), request.match_info["id"], command
    )
    response = await get_authorisation(request)
    response.set_status(201)
    return response


async def revoke(request: web.Request) -> web.Response:
    command = await json_body(request, RevocationIn)
    await actions.revoke(
        request.app[APPLICATION_KEY].uow(), principal(request), request.match_info["id"], command
    )
    return await get_authorisation(request)


def summary(authorisation: Authorisation) -> AuthorisationSummary:
    return AuthorisationSummary(
        **authorisation.model_dump(include=set(AuthorisationSummary.model_fields) - {"at_capacity"}),
        at_capacity=at_capacity(authorisation.capacity_ceiling, authorisation.current_customers),
    )


def authorisation_out(view: AuthorisationView) -> AuthorisationOut:
    revocation = view.authorisation.revocation
    return AuthorisationOut(
        **summary(view.authorisation).model_dump(),
        warnings=[
            WarningOut(
                id=warning.id,
                condition=condition,
                deficiency=warning.deficiency,
                remediation_deadline=warning.remediation_deadline,
                issued_by=warning.issued_by,
                issued_at=warning.issued_at,
                status=warning_status(
                    remedied=warning.remedied_at is not None,
                    deadline_passed=warning.deadline_passed_at is not None,
                ),
                follow_up_request_id=follow_up_request_id(warning.id),
                remedied_at=warning.remedied_at,
            )
            for warning, condition in view.warnings
        ],
        capacity_history=[
            CapacityChangeOut.model_validate(c, from_attributes=True) for c in view.capacity_history
        ],
        revocation=DecisionLetter.model_validate(revocation) if revocation else None,
    )
