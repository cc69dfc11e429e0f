"""HTTP handlers of the notifications service: parse, query or act, answer."""

import asyncio

from aiohttp import web
from aiohttp_sse import sse_response

from services.notifications import actions, storage
from services.notifications.keys import NOTIFICATIONS_KEY, STREAMS_KEY
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
from shared.http.keys import SETTINGS_KEY
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


async def stream_inbox(request: web.Request) -> web.StreamResponse:
    """The inbox live, as server-sent events (`event: notification`, `id:` the entry's number). A client
    that reconnects with Last-Event-ID gets what it missed first; without it the stream starts from now."""
    recipient = _recipient(principal(request))
    runtime = request.app[NOTIFICATIONS_KEY]
    interval = request.app[SETTINGS_KEY].stream_poll_interval_s
    streams = request.app[STREAMS_KEY]
    async with sse_response(request, ping_interval=15) as sse:
        task: asyncio.Task[object] | None = asyncio.current_task()
        assert task is not None
        streams.add(task)
        try:
            async with runtime.reads() as session:
                last = _resume_point(sse.last_event_id) or await storage.last_inbox_seq(session, recipient)
            while sse.is_connected():
                async with runtime.reads() as session:
                    entries = await storage.inbox_after(session, recipient, last, 100)
                for entry in entries:
                    body = InboxEntryOut.model_validate(entry, from_attributes=True).model_dump_json()
                    await sse.send(body, id=str(entry.seq), event="notification")
                    last = entry.seq or last
                if not entries:
                    await asyncio.sleep(interval)
        finally:
            streams.discard(task)
    return sse


def _resume_point(last_event_id: str | None) -> int | None:
    if last_event_id and last_event_id.isdigit():
        return int(last_event_id)
    return None


async def close_streams(app: web.Application) -> None:
    """Open streams would hold a graceful shutdown until its timeout: end them; clients reconnect."""
    streams: set[asyncio.Task[object]] = app[STREAMS_KEY]
    for task in list(streams):
        task.cancel()
