"""A provider's system receiving webhooks: a real HTTP server in this process that keeps every request
and answers as the test tells it (accept, fail, or hang; or the statuses and headers it is given, one per
request, before that)."""

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

from aiohttp import web
from aiohttp.test_utils import TestServer


@dataclass
class Received:
    headers: dict[str, str]
    body: str


@dataclass
class Receiver:
    url: str = ""
    # "ok", "fail" (500) or "hang" (no answer until the sender gives up)
    mode: str = "ok"
    received: list[Received] = field(default_factory=list)
    # Answered first, in order, one per request: a status and its headers.
    answers: list[tuple[int, dict[str, str]]] = field(default_factory=list)

    async def handle(self, request: web.Request) -> web.Response:
        self.received.append(Received(dict(request.headers), await request.text()))
        if self.answers:
            status, headers = self.answers.pop(0)
            return web.Response(status=status, headers=headers)
        if self.mode == "hang":
            await asyncio.sleep(3600)
        return web.Response(status=500 if self.mode == "fail" else 204)


@asynccontextmanager
async def webhook_receiver() -> AsyncIterator[Receiver]:
    receiver = Receiver()
    app = web.Application()
    app.router.add_post("/hook", receiver.handle)
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    receiver.url = str(server.make_url("/hook"))
    try:
        yield receiver
    finally:
        await server.close()
