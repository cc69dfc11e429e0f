"""A revoked client's tokens are refused at once by the process that revoked it, and by every service and
replica within a refresh of its revocation list; the organisation's other clients go on working; a live
stream of the revoked client ends, telling it so."""

import asyncio
import contextlib

import sqlalchemy as sa

from shared.settings import SERVICES
from tests.e2e.test_operator_clients import _admin, _credentials
from tests.support.polling import eventually
from tests.support.replicas import replica
from tests.support.streams import read_events
from tests.support.system import Provider, System

# A route of each service that providers and staff both may call.
ROUTES = {"application": "/applications", "reporting": "/deviations", "notifications": "/notifications"}


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def _second_client(system: System, provider: Provider) -> dict[str, str]:
    """An administrator client beside the one registration answered, added by an administrator: one that
    may revoke the first."""
    response = await system.client.post(
        "/providers/me/clients",
        json={"label": "ny", "role": "administrator"},
        headers=await system.administrator(provider),
    )
    assert response.status == 201, await response.text()
    body = await response.json()
    return _bearer(await system.token(body["client_id"], body["client_secret"]))


async def _status(system: System, service: str, headers: dict[str, str]) -> tuple[int, str]:
    response = await system.client.get(ROUTES[service], headers=headers)
    return response.status, response.headers.get("WWW-Authenticate", "")


async def _refused_by(system: System, service: str, headers: dict[str, str]) -> bool:
    status, challenge = await _status(system, service, headers)
    return status == 401 and 'error="invalid_token"' in challenge


async def _revoke(system: System, client_id: str, by: dict[str, str]) -> None:
    response = await system.client.delete(f"/providers/me/clients/{client_id}", headers=by)
    assert response.status == 204, await response.text()


async def test_a_revoked_provider_client_s_tokens_are_refused_by_every_service(system: System) -> None:
    provider = await system.register_provider("Återkallad AB")
    other = await _second_client(system, provider)
    for service in ROUTES:
        assert (await _status(system, service, provider.auth))[0] == 200

    await _revoke(system, provider.client_id, by=other)

    assert await _refused_by(system, "application", provider.auth)
    for service in ("reporting", "notifications"):
        await eventually(lambda s=service: _refused_by(system, s, provider.auth), what=f"{service} refusing")  # type: ignore[misc]
    for service in ROUTES:
        assert (await _status(system, service, other))[0] == 200, service


async def test_every_replica_refuses_a_revoked_client_from_its_own_database(system: System) -> None:
    provider = await system.register_provider("Repliker AB")
    other = await _second_client(system, provider)
    other_token = other["Authorization"].removeprefix("Bearer ")
    async with contextlib.AsyncExitStack() as stack:
        replicas = {s: await stack.enter_async_context(replica(system.settings, s)) for s in SERVICES}
        for other_process in replicas.values():
            # Verified, and so remembered, before the revocation: the remembered token is refused too.
            assert (await other_process.verifier.verify(provider.token)).client_id == provider.client_id

        await _revoke(system, provider.client_id, by=other)

        for service, other_process in replicas.items():
            await eventually(lambda r=other_process: r.refuses(provider.token), what=f"{service} replica")  # type: ignore[misc]
            assert not await other_process.refuses(other_token), service


async def test_a_staff_client_revoked_by_the_operator_is_refused_by_every_service(system: System) -> None:
    code, output = await _admin(system, "create-client", "--kind", "staff", "--areas", "all")
    assert code == 0, output
    client_id, secret = _credentials(output)
    headers = _bearer(await system.token(client_id, secret))
    for service in ROUTES:
        assert (await _status(system, service, headers))[0] == 200

    code, output = await _admin(system, "revoke-client", client_id)
    assert code == 0, output

    for service in ROUTES:
        await eventually(lambda s=service: _refused_by(system, s, headers), what=f"{service} refusing")  # type: ignore[misc]
        assert (await _status(system, service, system.staff))[0] == 200, service


async def test_the_revocation_reaches_each_other_service_once(system: System) -> None:
    provider = await system.register_provider("En gång AB")
    other = await _second_client(system, provider)
    await _revoke(system, provider.client_id, by=other)
    event_id = await _revocation_event(system, provider.client_id)

    for service in ("reporting", "notifications"):

        async def recorded(s: str = service) -> bool:
            return await system.count(s, "token_revocations", "client_id = :c", c=provider.client_id) == 1

        await eventually(recorded, what=f"{service} recording the revocation")
        assert await system.count(service, "inbox", "event_id = :e", e=event_id) == 1
    assert await system.count("application", "token_revocations", "client_id = :c", c=provider.client_id) == 1


async def _revocation_event(system: System, client_id: str) -> str:
    async with system.runtime("application").reads() as session:
        query = sa.text(
            "SELECT event_id FROM outbox WHERE event_type = 'api_client.revoked' AND body LIKE :c"
        )
        result = await session.exec(query, params={"c": f"%{client_id}%"})  # type: ignore[call-overload]
        (event_id,) = result.scalars().all()
    return str(event_id)


async def test_a_live_stream_ends_when_its_client_is_revoked(system: System) -> None:
    provider = await system.register_provider("Ström AB")
    other = await _second_client(system, provider)
    stream = await system.client.get("/notifications/stream", headers=provider.auth)
    assert stream.status == 200

    await _revoke(system, provider.client_id, by=other)

    (told,) = await read_events(stream, 1, timeout=10)
    assert told["event"] == "token_revoked" and "revoked" in told["data"]["detail"]
    # The server ends the stream: the rest of the body arrives, and it is empty of events.
    assert await asyncio.wait_for(stream.content.read(), 5) == b""

    again = await system.client.get("/notifications/stream", headers={**other, "Last-Event-ID": "0"})
    assert again.status == 200
    again.close()
