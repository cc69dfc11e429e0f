"""The soak's live inbox streams (`GET /notifications/stream`): some staff's, the rest providers', each
held for a while, then closed and opened again with `Last-Event-ID`, as clients on flaky networks do.
Staff streams stay below the per-client limit (STREAMS_PER_PRINCIPAL, 5), which would close the oldest."""

import asyncio
import random

import aiohttp

from bench.soak_load import Load

STAFF_STREAMS = 4
# A provider's streams at most (one below STREAMS_PER_PRINCIPAL), so none is closed for a newer one.
PER_PROVIDER = 4
HELD_S = (20.0, 60.0)


async def hold_streams(load: Load, count: int, seconds: float) -> None:
    loop = asyncio.get_running_loop()
    end = loop.time() + seconds
    held: dict[int, int] = {}
    tasks = [
        asyncio.create_task(_one(load, staff=i < min(count, STAFF_STREAMS), end=end, held=held))
        for i in range(count)
    ]
    await asyncio.gather(*tasks)


async def _one(load: Load, staff: bool, end: float, held: dict[int, int]) -> None:
    loop = asyncio.get_running_loop()
    last_id: str | None = None
    headers = load.staff
    while (left := end - loop.time()) > 0:
        if not staff:
            free = [p for p in load.providers[-40:] if held.get(id(p), 0) < PER_PROVIDER]
            if not free:
                await asyncio.sleep(1)
                continue
            chosen = random.choice(free)
            if chosen is not headers:
                headers, last_id = chosen, None
        held[id(headers)] = held.get(id(headers), 0) + 1
        sent = dict(headers)
        if last_id is not None:
            sent["Last-Event-ID"] = last_id
        try:
            async with asyncio.timeout(min(left, random.uniform(*HELD_S))):
                async with load.http.get(f"{load.base}/notifications/stream", headers=sent) as response:
                    if response.status != 200:
                        load.tally.stream_errors += 1
                        await asyncio.sleep(1)
                        continue
                    load.tally.stream_connections += 1
                    async for line in response.content:
                        if line.startswith(b"id:"):
                            last_id = line[3:].strip().decode()
                        elif line.startswith(b"data:"):
                            load.tally.stream_events += 1
                    # Ended by the process (a newer stream of the caller's, an expired token): reconnect.
                    load.tally.streams_ended_by_server += 1
                    await asyncio.sleep(0.5)
        except TimeoutError:
            continue  # held long enough: reconnect
        except aiohttp.ClientError:
            load.tally.stream_errors += 1
            await asyncio.sleep(1)
        finally:
            held[id(headers)] -= 1
