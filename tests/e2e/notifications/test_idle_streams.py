"""Idle live streams cost next to nothing: one watcher per process looks for entries of other processes,
so the database is read about once an interval however many streams are open; an entry another process
commits still reaches every stream of its recipient within an interval or so."""

import asyncio
from typing import Any

import sqlalchemy as sa

from services.notifications.storage import inbox
from tests.support.streams import entry_from_elsewhere, read_events
from tests.support.system import start_system, stop_system

INTERVAL_S = 0.2
STREAMS = 20
IDLE_S = 20 * INTERVAL_S


async def test_idle_streams_share_one_look_and_still_hear_another_process() -> None:
    system = await start_system(stream_poll_interval_s=INTERVAL_S, streams_per_principal=STREAMS)
    reads: list[str] = []

    def executed(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if "inbox" in statement and statement.lstrip().upper().startswith("SELECT"):
            reads.append(statement)

    engine = system.runtime("notifications").engine.sync_engine
    try:
        provider = await system.register_provider("Tysta strömmar AB")
        streams = [
            await system.client.get("/notifications/stream", headers=provider.auth) for _ in range(STREAMS)
        ]
        sa.event.listen(engine, "before_cursor_execute", executed)
        await asyncio.sleep(IDLE_S)
        sa.event.remove(engine, "before_cursor_execute", executed)
        # About one look per interval, by the watcher; a poll per stream would be twenty times as many.
        assert len(reads) <= 2 * IDLE_S / INTERVAL_S, len(reads)

        async with system.runtime("notifications").uow() as uow:  # as another process would
            await inbox.insert_inbox_entries(
                uow.session, [entry_from_elsewhere(f"providers/{provider.provider_id}")]
            )
            await uow.commit()
        for stream in streams:
            (heard,) = await read_events(stream, 1, timeout=10)
            assert heard["data"]["subject"] == "authorisations/elsewhere"
            stream.close()
    finally:
        await stop_system(system)
