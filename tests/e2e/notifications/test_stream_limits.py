"""A live stream is honoured only while its token is: it ends when the token expires, telling the client
so, or when what it stands on is revoked; and one caller (an API client, or a person) holds a bounded number
of streams, the oldest closed when it opens one more."""

import asyncio
from collections.abc import AsyncIterator

import pytest_asyncio
from aiohttp import ClientResponse

from shared.auth.principal import Role
from tests.support.people import person_token
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


async def test_people_logged_in_through_one_application_each_hold_their_own_streams(
    short_lived: System,
) -> None:
    provider = await short_lived.register_provider("Två personer AB")
    # Both tokens name the same application (the portal) as their client: the limit is each person's.
    _, first = await person_token(short_lived, provider.provider_id, Role.REPORTER, name="Första Person")
    _, second = await person_token(short_lived, provider.provider_id, Role.READER, name="Andra Person")
    opened = [await short_lived.client.get("/notifications/stream", headers=first) for _ in range(MOST)]
    others = [await short_lived.client.get("/notifications/stream", headers=second) for _ in range(MOST)]
    assert all(response.status == 200 for response in (*opened, *others))
    assert not any([await _ended(response, 0.3) for response in opened])
    for response in (*opened, *others):
        response.close()


async def test_a_person_removed_from_the_organisation_has_their_stream_ended(short_lived: System) -> None:
    provider = await short_lived.register_provider("Borttagen person AB")
    _, administrator = await person_token(short_lived, provider.provider_id, Role.ADMINISTRATOR)
    leaving, headers = await person_token(short_lived, provider.provider_id, Role.READER, name="Per Går")
    stream = await short_lived.client.get("/notifications/stream", headers=headers)
    assert stream.status == 200
    removed = await short_lived.client.delete(f"/providers/me/people/{leaving.id}", headers=administrator)
    assert removed.status == 204, await removed.text()
    (told,) = await read_events(stream, 1, timeout=5)
    assert told["event"] == "token_revoked"
    assert await _ended(stream, 3)
