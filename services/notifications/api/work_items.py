"""HTTP handlers of the staff work queue."""

from aiohttp import web

from services.notifications.actions import work_items
from services.notifications.actions.recipients import meet
from services.notifications.keys import NOTIFICATIONS_KEY
from services.notifications.schemas import CompletionIn, WorkItemList, WorkItemOut, WorkItemQuery
from services.notifications.storage import work_items as stored
from shared.http.requests import json_body, principal, query_params
from shared.http.responses import json_response


async def list_work_items(request: web.Request) -> web.Response:
    query = query_params(request, WorkItemQuery)
    runtime = request.app[NOTIFICATIONS_KEY]
    await meet(runtime, principal(request))
    async with runtime.reads() as session:
        page = await stored.work_items_for(
            session,
            principal(request).area_scope(),
            status=query.status,
            area_code=query.area_code,
            subject=query.subject,
            overdue=query.overdue,
            due_before=query.due_before,
            limit=query.limit,
            cursor=query.cursor,
        )
    return json_response(
        WorkItemList(
            items=[WorkItemOut.model_validate(i, from_attributes=True) for i in page.items],
            next_cursor=page.next_cursor,
        )
    )


async def claim_work_item(request: web.Request) -> web.Response:
    item = await work_items.claim(
        request.app[NOTIFICATIONS_KEY].uow(), principal(request), request.match_info["id"]
    )
    return json_response(WorkItemOut.model_validate(item, from_attributes=True))


async def complete_work_item(request: web.Request) -> web.Response:
    command = await json_body(request, CompletionIn)
    item = await work_items.complete(
        request.app[NOTIFICATIONS_KEY].uow(), principal(request), request.match_info["id"], command.note
    )
    return json_response(WorkItemOut.model_validate(item, from_attributes=True))
