"""HTTP handlers of the notifications service: parse, query or act, answer."""

from aiohttp import web

from services.notifications import actions, storage
from services.notifications.keys import NOTIFICATIONS_KEY
from services.notifications.schemas import (
    CompletionIn,
    InboxEntryOut,
    InboxPage,
    InboxQuery,
    WorkItemList,
    WorkItemOut,
    WorkItemQuery,
)
from shared.auth.principal import Principal
from shared.clock import now_utc
from shared.errors import NotFound
from shared.http.requests import json_body, principal, query_params
from shared.http.responses import json_response


async def list_work_items(request: web.Request) -> web.Response:
    query = query_params(request, WorkItemQuery)
    async with request.app[NOTIFICATIONS_KEY].reads() as session:
        page = await storage.work_items_for(
            session,
            principal(request).area_scope(),
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


def _recipient(caller: Principal) -> str:
    return f"providers/{caller.provider_id}" if caller.provider_id else f"staff/{caller.client_id}"


async def list_inbox(request: web.Request) -> web.Response:
    query = query_params(request, InboxQuery)
    async with request.app[NOTIFICATIONS_KEY].reads() as session:
        page = await storage.inbox_of(
            session,
            _recipient(principal(request)),
            unread=query.unread,
            limit=query.limit,
            cursor=query.cursor,
        )
    return json_response(
        InboxPage(
            items=[InboxEntryOut.model_validate(e, from_attributes=True) for e in page.items],
            next_cursor=page.next_cursor,
        )
    )


async def mark_read(request: web.Request) -> web.Response:
    async with request.app[NOTIFICATIONS_KEY].uow() as uow:
        entry = await storage.inbox_entry(
            uow.session, _recipient(principal(request)), request.match_info["id"]
        )
        if entry is None:
            raise NotFound("No such notification.")
        if entry.read_at is None:
            entry.read_at = now_utc()
            uow.session.add(entry)
            await uow.commit()
    return json_response(InboxEntryOut.model_validate(entry, from_attributes=True))


async def claim_work_item(request: web.Request) -> web.Response:
    item = await actions.claim(
        request.app[NOTIFICATIONS_KEY].uow(), principal(request), request.match_info["id"]
    )
    return json_response(WorkItemOut.model_validate(item, from_attributes=True))


async def complete_work_item(request: web.Request) -> web.Response:
    command = await json_body(request, CompletionIn)
    item = await actions.complete(
        request.app[NOTIFICATIONS_KEY].uow(), principal(request), request.match_info["id"], command.note
    )
    return json_response(WorkItemOut.model_validate(item, from_attributes=True))
