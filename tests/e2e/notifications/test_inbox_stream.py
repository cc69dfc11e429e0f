"""The inbox live over server-sent events: entries arrive as they are made, only the recipient's, and a
client that reconnects with Last-Event-ID gets exactly what it missed."""

import asyncio
from typing import Any

import pytest

from services.notifications.keys import STREAMS_KEY
from services.notifications.storage import inbox
from services.notifications.streams import OpenStreams
from tests.support.logs import assert_never_logged, everything_logged
from tests.support.polling import eventually
from tests.support.streams import entry_from_elsewhere, read_events
from tests.support.system import System, start_system, stop_system


async def test_a_stream_delivers_live_and_resumes_after_the_last_event_it_sent(system: System) -> None:
    provider = await system.register_provider("Strömmen AB")
    bystander = await system.register_provider("Annan AB")
    stream = await system.client.get("/notifications/stream", headers=provider.auth)
    assert stream.status == 200 and stream.headers["Content-Type"].startswith("text/event-stream")
    others = await system.client.get("/notifications/stream", headers=bystander.auth)

    first_subject = await system.ask_for_supplement(provider, "boendestod")
    (first,) = await read_events(stream, 1)
    assert first["event"] == "notification"
    assert first["data"]["subject"] == first_subject
    assert first["data"]["event_type"] == "application.supplement_requested"
    stream.close()

    # While disconnected, two more entries are made.
    missed = [await system.ask_for_supplement(provider, area) for area in ("hemtjanst", "sysselsattning")]
    resumed = await system.client.get(
        "/notifications/stream", headers={**provider.auth, "Last-Event-ID": first["id"]}
    )
    caught_up = await read_events(resumed, 2)
    assert [e["data"]["subject"] for e in caught_up] == missed
    assert int(caught_up[0]["id"]) > int(first["id"]) and int(caught_up[1]["id"]) > int(caught_up[0]["id"])
    resumed.close()

    # The bystander's stream carried none of it.
    nothing = asyncio.create_task(read_events(others, 1, timeout=1.5))
    await asyncio.sleep(0)
    try:
        await nothing
        raise AssertionError("another provider's notification reached this stream")
    except TimeoutError:
        pass
    finally:
        others.close()


async def test_a_stream_without_last_event_id_starts_from_now(system: System) -> None:
    provider = await system.register_provider("Nystart AB")
    await system.ask_for_supplement(provider, "boendestod")  # before the stream: not replayed

    async def listed() -> int:
        body = await (await system.client.get("/notifications", headers=provider.auth)).json()
        return len(body["items"])

    await eventually(listed, what="the first entry in the inbox")
    stream = await system.client.get("/notifications/stream", headers=provider.auth)
    later = await system.ask_for_supplement(provider, "hemtjanst")
    (event,) = await read_events(stream, 1)
    assert event["data"]["subject"] == later
    stream.close()


async def test_a_stream_gets_an_entry_this_process_made_at_once_not_at_its_next_poll() -> None:
    """The consumer rings the streams of its process when it commits entries: with a poll a minute
    apart, the entry still arrives within seconds."""
    system = await start_system(stream_poll_interval_s=60)
    try:
        provider = await system.register_provider("Klockan AB")
        stream = await system.client.get("/notifications/stream", headers=provider.auth)
        assert stream.status == 200
        subject = await system.ask_for_supplement(provider, "hemtjanst")
        (entry,) = await read_events(stream, 1, timeout=15)
        assert entry["data"]["subject"] == subject
        stream.close()
    finally:
        await stop_system(system)


async def _listed(system: System, headers: dict[str, str]) -> dict[str, dict[str, Any]]:
    body = await (await system.client.get("/notifications", params={"limit": 200}, headers=headers)).json()
    return {item["id"]: item for item in body["items"]}


async def test_an_entry_another_process_numbered_in_between_is_not_skipped() -> None:
    """The bell carries what this process commits; an entry numbered by another process between two of
    its commits is read from the database, in its place, without waiting for the poll."""
    system = await start_system(stream_poll_interval_s=60)
    try:
        provider = await system.register_provider("Mellanrum AB")
        stream = await system.client.get("/notifications/stream", headers=provider.auth)
        first_subject = await system.ask_for_supplement(provider, "hemtjanst")
        (first,) = await read_events(stream, 1)
        assert first["data"]["subject"] == first_subject

        async with system.runtime("notifications").uow() as uow:  # as another process would
            await inbox.insert_inbox_entries(
                uow.session,
                [
                    entry_from_elsewhere(f"providers/{provider.provider_id}"),
                ],
            )
            await uow.commit()
        later_subject = await system.ask_for_supplement(provider, "boendestod")

        elsewhere, later = await read_events(stream, 2, timeout=15)
        stream.close()
        assert elsewhere["data"]["subject"] == "authorisations/elsewhere"
        assert later["data"]["subject"] == later_subject
        assert int(first["id"]) < int(elsewhere["id"]) < int(later["id"])
        # Carried by the bell or read back, an entry is sent as the inbox lists it.
        listed = await _listed(system, provider.auth)
        assert [e["data"] for e in (first, elsewhere, later)] == [
            listed[e["data"]["id"]] for e in (first, elsewhere, later)
        ]
    finally:
        await stop_system(system)


async def test_a_client_gone_while_an_entry_is_on_its_way_ends_its_stream_quietly(
    request: pytest.FixtureRequest, capsys: pytest.CaptureFixture[str]
) -> None:
    """Streams end so every day. The send that finds the client gone is no error: logged as one (and as a
    database outage), its traceback was rendered on the event loop, about a third of a second per stream
    in the soak benchmark."""
    system = await start_system()
    try:
        # As `python -m services` serves (web.run_app), not as aiohttp's test server: a handler is not
        # cancelled when its client goes away, and finds out when it next writes.
        assert system.client.server.runner is not None and system.client.server.runner.server is not None
        system.client.server.runner.server.handler_cancellation = False
        provider = await system.register_provider("Borta AB")
        streams = system.app[STREAMS_KEY]
        with everything_logged(request, capsys) as logged:
            stream = await system.client.get("/notifications/stream", headers=provider.auth)
            assert stream.status == 200
            await eventually(lambda: _held(streams), what="the stream held")
            stream.close()
            await system.ask_for_supplement(provider, "hemtjanst")
            await eventually(lambda: _released(streams), what="the stream ended")

        assert_never_logged(logged, {"Error handling request", "database_unavailable", "unhandled_error"})
    finally:
        await stop_system(system)


async def _held(streams: OpenStreams) -> bool | None:
    return bool(streams._by_caller) or None


async def _released(streams: OpenStreams) -> bool | None:
    return not streams._by_caller or None
