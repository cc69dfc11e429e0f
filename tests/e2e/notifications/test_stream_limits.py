"""A live stream is honoured only while its token is: it ends when the token expires, telling the client
so; and one client holds a bounded number of streams, the oldest closed when it opens one more."""

import asyncio
from collections.abc import AsyncIterator

import pytest_asyncio
from aiohttp import ClientResponse

from tests.support.streams import read_events
from tests.support.system import System, start_system, stop_system

LIFETIME_S = 4
MOST = 2


@pytest_asyncio.fixture(scope="module")
async def short_lived() -> AsyncIterator[System]:
    system = await start_system(access_token_lifetime_s=LIFETIME_S, streams_per_principal=MOST)
    yield system
    await stop_system(system)


async def _ended(response: ClientResponse, timeout: float) -> bool:
    """Whether the server ends the stream within `timeout` (keep-alive comments aside)."""

    async def until_end() -> None:
        while await response.content.readline():
            pass

    try:
        await asyncio.wait_for(until_end(), timeout)
    except TimeoutError:
        return False
    return True


async def test_a_stream_ends_when_its_token_expires_and_resumes_with_a_new_one(short_lived: System) -> None:
    provider = await short_lived.register_provider("Utgången AB")
    stream = await short_lived.client.get("/notifications/stream", headers=provider.auth)
    assert stream.status == 200
    (told,) = await read_events(stream, 1, timeout=LIFETIME_S + 5)
    assert told["event"] == "token_expired" and "new one" in told["data"]["detail"]
    assert await _ended(stream, 5)

    fresh = await short_lived.token(provider.client_id, provider.client_secret)
    again = await short_lived.client.get(
        "/notifications/stream", headers={"Authorization": f"Bearer {fresh}"}
    )
    assert again.status == 200
    again.close()


async def test_a_client_opening_one_stream_too_many_loses_its_oldest(short_lived: System) -> None:
    provider = await short_lived.register_provider("Många strömmar AB")
    token = await short_lived.token(provider.client_id, provider.client_secret)
    headers = {"Authorization": f"Bearer {token}"}
    opened = [await short_lived.client.get("/notifications/stream", headers=headers) for _ in range(MOST)]
    assert not await _ended(opened[0], 0.5)
    newest = await short_lived.client.get("/notifications/stream", headers=headers)
    assert newest.status == 200
    assert await _ended(opened[0], 3), "the oldest stream stays open"
    assert not await _ended(opened[1], 0.5) and not await _ended(newest, 0.5)
    for response in (*opened, newest):
        response.close()
