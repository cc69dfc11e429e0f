"""HTTP handlers of areas, conditions and the public register."""

from aiohttp import web

from services.application.actions import catalogue as actions
from services.application.domain.authorisations import at_capacity
from services.application.domain.providers import publishable_organisation_number
from services.application.keys import APPLICATION_KEY
from services.application.schemas.catalogue import (
    AreaDetail,
    AreaList,
    AreaOut,
    ConditionsOut,
    ConditionsQuery,
    Deadline,
    DeadlineQuery,
    LegalFrameList,
    LegalFrameOut,
    NewConditionsVersion,
    Register,
    RegisterEntry,
    RegisterQuery,
)
from services.application.storage import authorisations, catalogue
from shared.http.requests import json_body, principal, query_params
from shared.http.responses import json_response


async def list_areas(request: web.Request) -> web.Response:
    async with request.app[APPLICATION_KEY].reads() as session:
        areas = await catalogue.all_areas(session)
    return json_response(AreaList(items=[AreaOut.model_validate(a, from_attributes=True) for a in areas]))


async def get_area(request: web.Request) -> web.Response:
    async with request.app[APPLICATION_KEY].reads() as session:
        area, frame = await actions.area_with_frame(session, request.match_info["code"])
    return json_response(
        AreaDetail(
            **AreaOut.model_validate(area, from_attributes=True).model_dump(),
            frame=LegalFrameOut.of(frame.frame()),
        )
    )


async def list_legal_frames(request: web.Request) -> web.Response:
    async with request.app[APPLICATION_KEY].reads() as session:
        frames = await catalogue.all_legal_frames(session)
    return json_response(LegalFrameList(items=[LegalFrameOut.of(frame.frame()) for frame in frames]))


async def legal_frame_deadline(request: web.Request) -> web.Response:
    query = query_params(request, DeadlineQuery)
    async with request.app[APPLICATION_KEY].reads() as session:
        frame = await actions.legal_frame(session, request.match_info["code"])
    return json_response(Deadline.of(frame, query.notified_on))


async def get_conditions(request: web.Request) -> web.Response:
    query = query_params(request, ConditionsQuery)
    async with request.app[APPLICATION_KEY].reads() as session:
        view = await actions.conditions_view(session, request.match_info["code"], query.version)
    return json_response(_conditions_out(view))


async def publish_conditions(request: web.Request) -> web.Response:
    command = await json_body(request, NewConditionsVersion)
    view = await actions.publish_conditions(
        request.app[APPLICATION_KEY].uow(), principal(request), request.match_info["code"], command
    )
    return json_response(_conditions_out(view), status=201)


def _conditions_out(view: actions.ConditionsView) -> ConditionsOut:
    return ConditionsOut(
        area_code=view.area.code,
        version=view.version.version,
        in_force=view.version.version == view.area.conditions_version,
        published_at=view.version.published_at,
        note=view.version.note,
        conditions=view.conditions,
    )


async def public_register(request: web.Request) -> web.Response:
    query = query_params(request, RegisterQuery)
    async with request.app[APPLICATION_KEY].reads() as session:
        page = await authorisations.register(session, query.area_code, limit=query.limit, cursor=query.cursor)
    return json_response(
        Register(
            items=[
                RegisterEntry(
                    authorisation_id=authorisation.id,
                    area_code=authorisation.area_code,
                    provider_name=provider.name,
                    organisation_number=publishable_organisation_number(provider.organisation_number),
                    granted_at=authorisation.created_at,
                    capacity_ceiling=authorisation.capacity_ceiling,
                    at_capacity=at_capacity(authorisation.capacity_ceiling, authorisation.current_customers),
                )
                for authorisation, provider in page.items
            ],
            next_cursor=page.next_cursor,
        )
    )
