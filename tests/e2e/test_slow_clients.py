"""A client that sends its body slowly, or stops, is answered 408 in a bounded time: it holds neither a
connection nor a handler for longer. Nothing it began to send is acted on."""

import asyncio
import time
from collections.abc import AsyncIterator

import pytest
import pytest_asyncio

from tests.support.system import Provider, System, start_system, stop_system

TIMEOUT_S = 1.0


@pytest_asyncio.fixture(scope="module")
async def impatient() -> AsyncIterator[System]:
    system = await start_system(request_body_timeout_s=TIMEOUT_S, upload_timeout_s=TIMEOUT_S)
    yield system
    await stop_system(system)


async def _stalled(system: System, head: str, sent: bytes) -> tuple[float, bytes]:
    """Sends the request line and headers and part of the body, then nothing; answers how long the
    server took to answer, and its status line."""
    server = system.client.server
    reader, writer = await asyncio.open_connection(server.host, server.port)
    started = time.monotonic()
    try:
        writer.write(head.encode() + b"\r\n" + sent)
        await writer.drain()
        status = await asyncio.wait_for(reader.readline(), 10 * TIMEOUT_S)
        return time.monotonic() - started, status
    finally:
        writer.close()


def _head(method: str, path: str, content_type: str, length: int, provider: Provider | None) -> str:
    lines = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1", f"Content-Type: {content_type}"]
    lines.append(f"Content-Length: {length}")
    if provider is not None:
        lines.append(f"Authorization: Bearer {provider.token}")
    return "\r\n".join(lines) + "\r\n"


@pytest.mark.parametrize("route", ["json", "upload", "token"])
async def test_a_body_that_stops_arriving_is_answered_408_in_time(impatient: System, route: str) -> None:
    provider = await impatient.register_provider()
    if route == "json":
        head = _head("POST", "/applications", "application/json", 100, provider)
    elif route == "upload":
        application = await impatient.start_application(provider)
        path = f"/applications/{application['id']}/attachments"
        head = _head("POST", path, "multipart/form-data; boundary=x", 100_000, provider)
    else:
        head = _head("POST", "/oauth/token", "application/x-www-form-urlencoded", 100, None)
    before = await impatient.count("application", "applications")

    took, status = await _stalled(impatient, head, b'{"area_code": ' if route == "json" else b"--x\r\n")

    assert status.startswith(b"HTTP/1.1 408"), status
    assert TIMEOUT_S <= took < 5 * TIMEOUT_S, took
    assert await impatient.count("application", "applications") == before
