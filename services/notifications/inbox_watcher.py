"""One look per process, not one per stream, for inbox entries other processes commit: the watcher reads the
last entry number taken every `STREAM_POLL_INTERVAL_S` and tells the bell, which wakes the streams only
when there is something new."""

import asyncio

from services.notifications.bell import Bell
from services.notifications.storage import inbox
from shared.logging import get_logger
from shared.service import ServiceRuntime

log = get_logger(__name__)


async def watch_inbox_numbers(runtime: ServiceRuntime, bell: Bell, interval_s: float) -> None:
    while True:
        try:
            async with runtime.reads() as session:
                bell.observe_taken(await inbox.numbers_taken(session))
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # the database is away: streams wait, and the next look tries again
            log.warning("inbox_watch_failed", error=repr(exc))
        await asyncio.sleep(interval_s)
