"""HTTP handlers of the notifications service: parse, query or act, answer."""

from aiohttp import web

from services.notifications import storage
from services.notifications.keys import NOTIFICATIONS_KEY
from services.notifications.schemas import WorkItemList, WorkItemOut, WorkItemQuery
from shared.auth.principal import Kind
from shared.http.requests import principal, query_params
from shared.http.responses import json_response


async def list_work_items(request: web.Request) -> web.Response:
    query = query_params(request, WorkItemQuery)
    caller = principal(request)
    areas = None if caller.kind is Kind.ADMIN else caller.areas
    async with request.app[NOTIFICATIONS_KEY].reads() as session:
        page = await storage.work_items_for(
            session,
            areas,
            status=query.status,
            area_code=query.area_code,
            subject=query.subject,
            limit=query.limit,
            cursor=query.cursor,
        )
    return json_response(
        WorkItemList(
            items=[WorkItemOut.model_validate(i, from_attributes=True) for i in page.items],
            next_cursor=page.next_cursor,
        )
    )
