"""HTTP handlers of inboxes: list, mark read, and the live stream."""

import asyncio
import time

import orjson
from aiohttp import web
from aiohttp_sse import EventSourceResponse, sse_response

from services.notifications.actions.live_inbox import QUIET_READ_S, LiveInbox
from services.notifications.actions.recipients import meet, recipient_of
from services.notifications.keys import BELL_KEY, NOTIFICATIONS_KEY, STREAMS_KEY
from services.notifications.schemas import InboxEntryOut, InboxPage, InboxQuery
from services.notifications.storage import inbox
from shared.clock import now_utc
from shared.errors import NotFound
from shared.http.keys import SETTINGS_KEY, VERIFIER_KEY
from shared.http.requests import principal, query_params
from shared.http.responses import json_response

TOKEN_EXPIRED = orjson.dumps(
    {"detail": "The access token has expired: reconnect with a new one and Last-Event-ID to go on."}
).decode()
TOKEN_REVOKED = orjson.dumps(
    {
        "detail": "The API client was revoked: reconnect with a token of a valid client and Last-Event-ID "
        "to go on."
    }
).decode()


async def list_inbox(request: web.Request) -> web.Response:
    query = query_params(request, InboxQuery)
    runtime = request.app[NOTIFICATIONS_KEY]
    recipient, _ = await meet(runtime, principal(request))
    async with runtime.reads() as session:
        page = await inbox.inbox_of(
            session,
            recipient,
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
        recipient, _ = recipient_of(principal(request))
        entry = await inbox.inbox_entry(uow.session, recipient, request.match_info["id"])
        if entry is None:
            raise NotFound("No such notification.")
        if entry.read_at is None:
            entry.read_at = now_utc()
            uow.session.add(entry)
            await uow.commit()
    return json_response(InboxEntryOut.model_validate(entry, from_attributes=True))


async def stream_inbox(request: web.Request) -> web.StreamResponse:
    """The inbox live, as server-sent events (`event: notification`, `id:` the entry's number). A client
    that reconnects with Last-Event-ID gets what it missed first; without it the stream starts from now."""
    runtime = request.app[NOTIFICATIONS_KEY]
    caller = principal(request)
    recipient, _ = await meet(runtime, caller)
    settings = request.app[SETTINGS_KEY]
    verifier = request.app[VERIFIER_KEY]
    sse: EventSourceResponse | None = None
    try:
        async with sse_response(request, ping_interval=15) as sse:
            task: asyncio.Task[object] | None = asyncio.current_task()
            assert task is not None
            streams = request.app[STREAMS_KEY]
            held = streams.hold(caller, task, settings.streams_per_principal)
            try:
                live = await LiveInbox.open(
                    runtime,
                    request.app[BELL_KEY],
                    recipient,
                    _resume_point(sse.last_event_id),
                    QUIET_READ_S,
                )
                while sse.is_connected() and not held.replaced.is_set():
                    # Also looked up each turn: a revocation learnt between the token's check and `hold`.
                    if held.revoked.is_set() or verifier.refuses(caller):
                        await sse.send(TOKEN_REVOKED, event="token_revoked")
                        break
                    left = None if caller.expires_at is None else caller.expires_at - time.time()
                    if left is not None and left <= 0:
                        # The client takes a new token and reconnects with Last-Event-ID, losing nothing.
                        await sse.send(TOKEN_EXPIRED, event="token_expired")
                        break
                    for seq, entry in await live.next(max_wait_s=left):
                        await sse.send(entry.model_dump_json(), id=str(seq), event="notification")
            finally:
                streams.release(caller, held)
    except ConnectionResetError:
        # The client went away while an entry was on its way: streams end so every day, on purpose or on a
        # bad network, and no error of ours. Left to aiohttp, it was logged as one, and rendering that
        # traceback took a third of a second of the event loop's time per stream.
        if sse is None:
            raise
    return sse


def _resume_point(last_event_id: str | None) -> int | None:
    if last_event_id and last_event_id.isdigit():
        return int(last_event_id)
    return None


async def close_streams(app: web.Application) -> None:
    """Open streams would hold a graceful shutdown until its timeout: end them; clients reconnect."""
    app[STREAMS_KEY].end_all()
