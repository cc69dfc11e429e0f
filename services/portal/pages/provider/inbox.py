"""The inbox of a provider person: its list as a fragment the start page swaps in, marking an entry read, and
the live stream that tells the browser when something arrives. The browser never holds a token: the portal
listens to the API's stream as the person and passes on only that there is news."""

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

import aiohttp
from aiohttp import web
from aiohttp_sse import EventSourceResponse, sse_response

from services.portal.api_client import ApiProblem
from services.portal.context import PORTAL_KEY
from services.portal.pages.provider.labels import case_page
from services.portal.person import AsPerson, LoginNeeded, as_person
from services.portal.rendering import render
from shared.clock import STOCKHOLM

routes = web.RouteTableDef()

INBOX_SIZE = 10
# How long to wait for the API to accept the stream; once open it may stay quiet for long (pings every 15 s).
CONNECT_TIMEOUT_S = 10
QUIET_LIMIT_S = 60
PING_S = 15


async def inbox_entries(api: AsPerson) -> list[dict[str, Any]]:
    """The newest entries, each with the portal page of its case."""
    page = await api.get("/notifications", limit=INBOX_SIZE)
    return [
        {**entry, "page": case_page(entry.get("subject")), "arrived": _local_time(entry["created_at"])}
        for entry in page["items"]
    ]


def _local_time(stamp: str) -> str:
    """An API timestamp as the municipality's local time, to the minute."""
    return datetime.fromisoformat(stamp).astimezone(STOCKHOLM).strftime("%Y-%m-%d %H:%M")


@routes.get("/inbox")
async def inbox_fragment(request: web.Request) -> web.Response:
    """The inbox list alone, for the start page's script to swap in."""
    entries = await inbox_entries(as_person(request))
    return render(request, "pages/provider/inbox_list.html", {"inbox": entries, "back": "/portal/"})


@routes.post("/inbox/{id}/read")
async def mark_read(request: web.Request) -> web.Response:
    api = as_person(request)
    await api.send("POST", f"/notifications/{request.match_info['id']}/read")
    form = await request.post()
    back = form.get("next")
    # Only back to a page of the portal: the field comes from the browser.
    target = back if isinstance(back, str) and _own_page(back) else "/portal/"
    raise web.HTTPSeeOther(target)


@routes.get("/inbox/stream")
async def inbox_stream(request: web.Request) -> web.StreamResponse:
    """Server-sent events: `ready` when the portal listens to the API's stream (again), `inbox` each time
    the person's inbox gets an entry. When the API ends its stream because the token expired, the portal
    renews the token and listens again from where it was; otherwise the stream ends and the browser's
    EventSource reconnects by itself."""
    api = as_person(request)
    # Before the stream opens: without a login the answer is still the way to the login page.
    token = await api.access_token()
    base = request.config_dict[PORTAL_KEY].api.base_url
    timeout = aiohttp.ClientTimeout(total=None, sock_connect=CONNECT_TIMEOUT_S, sock_read=QUIET_LIMIT_S)
    async with (
        sse_response(request, ping_interval=PING_S) as sse,
        aiohttp.ClientSession(timeout=timeout) as http,
    ):
        relay = asyncio.create_task(_relay(sse, api, http, f"{base}/notifications/stream", token))
        # The browser gone (a ping that cannot be written) ends the relay too, rather than leaving the API's
        # stream open until the token expires.
        gone = asyncio.create_task(sse.wait())
        try:
            await asyncio.wait({relay, gone}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in (relay, gone):
                task.cancel()
            await asyncio.gather(relay, gone, return_exceptions=True)
    return sse


async def _relay(
    sse: EventSourceResponse, api: AsPerson, http: aiohttp.ClientSession, url: str, token: str
) -> None:
    last_id: str | None = None
    while True:
        headers = {"Authorization": f"Bearer {token}", "Accept": "text/event-stream"}
        if last_id is not None:
            headers["Last-Event-ID"] = last_id
        renew = False
        try:
            async with http.get(url, headers=headers) as response:
                if response.status != 200:
                    return
                # Listening now: the browser fetches once what arrived since its page was made.
                await sse.send("listening", event="ready")
                async for event in events_of(response.content):
                    if event.name == "notification":
                        last_id = event.id or last_id
                        await sse.send("changed", event="inbox")
                    elif event.name in ("token_expired", "token_revoked"):
                        renew = event.name == "token_expired"
                        break
        except (aiohttp.ClientError, TimeoutError, ConnectionResetError):
            return
        if not renew:
            return
        try:
            token = await api.access_token()
        except (LoginNeeded, ApiProblem):
            return


@dataclass
class Event:
    name: str
    id: str | None


async def events_of(content: aiohttp.StreamReader) -> AsyncIterator[Event]:
    """The events of a text/event-stream, by name and id (their data is not needed here)."""
    name, event_id, has_data = "message", None, False
    async for raw in content:
        line = raw.decode("utf-8", errors="replace").rstrip("\r\n")
        if not line:
            if has_data:
                yield Event(name, event_id)
            name, event_id, has_data = "message", None, False
        elif line.startswith(":"):
            continue
        else:
            field, _, value = line.partition(":")
            value = value.removeprefix(" ")
            if field == "event":
                name = value
            elif field == "id":
                event_id = value
            elif field == "data":
                has_data = True


def _own_page(path: str) -> bool:
    parts = urlsplit(path)
    return not parts.scheme and not parts.netloc and parts.path.startswith("/portal/")
