"""Gauges that are read rather than counted (the age of the oldest waiting event, a queue's depth): a
process samples them every METRICS_SAMPLE_INTERVAL_S in a task of its own, each sample bounded, so that
a scrape of /metrics costs no query and a slow database or broker never holds it."""

import asyncio
from collections.abc import Awaitable, Callable, Sequence

from shared.logging import get_logger

log = get_logger(__name__)

Sample = Callable[[], Awaitable[None]]


# A sample that takes longer is abandoned: its gauges keep their last values.
SAMPLE_TIMEOUT_S = 5.0


async def sample_every(interval_s: float, samples: Sequence[Sample]) -> None:
    while True:
        await sample_all(SAMPLE_TIMEOUT_S, samples)
        await asyncio.sleep(interval_s)


async def sample_all(timeout_s: float, samples: Sequence[Sample]) -> None:
    """Each sample once; one that fails or takes too long leaves its gauges as they were until next time."""
    for sample in samples:
        try:
            async with asyncio.timeout(timeout_s):
                await sample()
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            log.warning("metrics_sample_failed", sample=getattr(sample, "__name__", "?"), error=repr(exc))
