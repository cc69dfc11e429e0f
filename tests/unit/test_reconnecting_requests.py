"""When to run a request again after its database connection was lost: only while nothing of it can have
been saved or sent."""

from collections.abc import AsyncIterator, Awaitable, Callable

import pytest_asyncio
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy.exc import DBAPIError

from shared.http.problems import mark_started, problem_middleware
from shared.http.reconnect import reconnecting_middleware
from shared.unit_of_work import COMMIT_BEGUN

Client = TestClient[web.Request, web.Application]


def _lost() -> DBAPIError:
    return DBAPIError(
        "SELECT 1",
        None,
        ConnectionResetError("the server closed the connection"),
        connection_invalidated=True,
    )


class Flaky:
    """A handler whose first run loses its connection, at a chosen point."""

    def __init__(self, lose: Callable[[web.Request], Awaitable[None]]) -> None:
        self.runs = 0
        self._lose = lose

    async def handle(self, request: web.Request) -> web.StreamResponse:
        self.runs += 1
        if self.runs == 1:
            await self._lose(request)
            raise _lost()
        return web.json_response({"runs": self.runs})


async def _before_commit(request: web.Request) -> None:
    return None


async def _during_commit(request: web.Request) -> None:
    COMMIT_BEGUN.set(True)


async def _mid_stream(request: web.Request) -> None:
    await web.StreamResponse().prepare(request)


@pytest_asyncio.fixture
async def serve() -> AsyncIterator[Callable[[Flaky], Awaitable[Client]]]:
    clients: list[Client] = []

    async def start(handler: Flaky) -> Client:
        app = web.Application(middlewares=[problem_middleware, reconnecting_middleware])
        app.on_response_prepare.append(mark_started)
        app.router.add_post("/", handler.handle)
        client = TestClient(TestServer(app))
        await client.start_server()
        clients.append(client)
        return client

    yield start
    for client in clients:
        await client.close()


async def test_a_request_that_lost_it_before_any_commit_runs_again(
    serve: Callable[[Flaky], Awaitable[Client]],
) -> None:
    handler = Flaky(_before_commit)
    response = await (await serve(handler)).post("/")
    assert response.status == 200
    assert handler.runs == 2


async def test_one_that_lost_it_while_committing_is_refused_for_the_client_to_retry(
    serve: Callable[[Flaky], Awaitable[Client]],
) -> None:
    handler = Flaky(_during_commit)
    response = await (await serve(handler)).post("/")
    assert response.status == 503
    assert response.content_type == "application/problem+json"
    assert response.headers["Retry-After"] == "1"
    assert handler.runs == 1


async def test_one_whose_answer_had_begun_is_not_run_again(
    serve: Callable[[Flaky], Awaitable[Client]],
) -> None:
    handler = Flaky(_mid_stream)
    response = await (await serve(handler)).post("/")
    assert response.status == 200  # the stream's own start; it then ends, with no second answer after it
    assert handler.runs == 1
