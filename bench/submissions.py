"""Submitting applications over HTTP against a running process: how many a set of clients create and
submit per second, and, at a steady rate, the time from the answer to `submit` until staff see the work
item, which spans the outbox, the broker and the notifications consumer. Staff see it two ways, measured
apart: announced on their live inbox (`GET /notifications/stream`; the staff entry commits with the work
item), and by asking `GET /work-items` every two milliseconds, as a client without the stream would.

Used by bench.api, which starts the process; the clients run in the benchmark's own process.
"""

import asyncio
import json
import time
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Any

import aiohttp

from bench.client import new_provider, ok
from bench.figures import percentile
from shared.areas import SOCIAL_CARE_AREAS
from tests.support.applications import fill_application

AREAS = [area.code for area in SOCIAL_CARE_AREAS]


@dataclass(frozen=True)
class SubmissionFigures:
    requests_per_s: float
    applications_per_s: float
    create_p99_ms: float
    submit_p99_ms: float
    # Announced on the staff member's live inbox.
    to_work_item_p50_ms: float
    to_work_item_p99_ms: float
    # Found by polling GET /work-items.
    polled_p50_ms: float
    polled_p99_ms: float


class Drafts:
    """Where the next application comes from: a provider may hold one open application per area, so
    providers are registered as the areas run out."""

    def __init__(self, http: aiohttp.ClientSession, base: str) -> None:
        self._http, self._base = http, base
        self._free: list[tuple[dict[str, str], str]] = []

    async def next(self) -> tuple[dict[str, str], str]:
        if not self._free:
            headers = await new_provider(self._http, self._base)
            self._free = [(headers, area) for area in AREAS]
        return self._free.pop()


async def measure(
    base: str, staff: dict[str, str], seconds: float = 8, rate: float = 10, samples: int = 200
) -> SubmissionFigures:
    """`samples` submissions for the latency, so that its p99 is not simply the slowest one; half as many
    for the polled figure."""
    async with aiohttp.ClientSession() as http:
        drafts = Drafts(http, base)
        throughput = await _throughput(http, base, drafts, seconds)
        announced = await _announced(http, base, drafts, staff, rate, count=samples)
        polled = await _to_work_item(http, base, drafts, staff, rate, count=samples // 2)
    return SubmissionFigures(
        *throughput,
        percentile(announced, 50),
        percentile(announced, 99),
        percentile(polled, 50),
        percentile(polled, 99),
    )


async def one_submission(base: str, staff: dict[str, str]) -> None:
    """One application submitted and its work item seen by staff: a row in every table that grows."""
    async with aiohttp.ClientSession() as http:
        await _to_work_item(http, base, Drafts(http, base), staff, rate=10, count=1)


async def _throughput(
    http: aiohttp.ClientSession, base: str, drafts: Drafts, seconds: float, clients: int = 8
) -> tuple[float, float, float, float]:
    """Clients that each create, fill and submit applications one after another, for `seconds`."""
    creates: list[float] = []
    submits: list[float] = []
    requests = 0
    deadline = time.perf_counter() + seconds

    async def client() -> None:
        nonlocal requests
        while time.perf_counter() < deadline:
            headers, area = await drafts.next()
            started = time.perf_counter()
            application = await ok(
                http.post(f"{base}/applications", json={"area_code": area}, headers=headers)
            )
            creates.append((time.perf_counter() - started) * 1000)
            await fill_application(http, base, headers, str(application["id"]))
            started = time.perf_counter()
            await ok(http.post(f"{base}/applications/{application['id']}/submit", headers=headers))
            submits.append((time.perf_counter() - started) * 1000)
            requests += 4  # create, answers, attachment, submit

    started = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))
    elapsed = time.perf_counter() - started
    return requests / elapsed, len(submits) / elapsed, percentile(creates, 99), percentile(submits, 99)


async def _filled(
    http: aiohttp.ClientSession, base: str, drafts: Drafts, count: int
) -> list[tuple[dict[str, str], str]]:
    """`count` applications ready to submit, with their providers' headers."""
    ready = []
    for _ in range(count):
        headers, area = await drafts.next()
        application = await ok(http.post(f"{base}/applications", json={"area_code": area}, headers=headers))
        await fill_application(http, base, headers, str(application["id"]))
        ready.append((headers, str(application["id"])))
    return ready


async def _steadily(
    ready: list[tuple[dict[str, str], str]],
    rate: float,
    one: Callable[[dict[str, str], str], Coroutine[Any, Any, float]],
) -> list[float]:
    """`one` for each application, started `rate` times a second."""
    tasks: list[asyncio.Task[float]] = []
    for headers, application_id in ready:
        tasks.append(asyncio.create_task(one(headers, application_id)))
        await asyncio.sleep(1 / rate)
    return list(await asyncio.gather(*tasks))


async def _announced(
    http: aiohttp.ClientSession, base: str, drafts: Drafts, staff: dict[str, str], rate: float, count: int
) -> list[float]:
    """Submissions at a steady rate; for each, milliseconds from the submit answer until the staff
    member's live inbox announces its work item."""
    ready = await _filled(http, base, drafts, count)
    announced: dict[str, asyncio.Future[float]] = {
        f"applications/{application_id}": asyncio.get_running_loop().create_future()
        for _, application_id in ready
    }
    stream = await http.get(f"{base}/notifications/stream", headers=staff)
    if stream.status != 200:
        raise SystemExit(f"the staff stream answered {stream.status}: {await stream.text()}")

    async def listen() -> None:
        async for line in stream.content:
            if line.startswith(b"data:"):
                entry = json.loads(line[5:])
                waiting = announced.get(entry["subject"])
                if waiting is not None and not waiting.done():
                    waiting.set_result(time.perf_counter())

    async def one(headers: dict[str, str], application_id: str) -> float:
        await ok(http.post(f"{base}/applications/{application_id}/submit", headers=headers))
        answered = time.perf_counter()
        return (await asyncio.wait_for(announced[f"applications/{application_id}"], 30) - answered) * 1000

    listening = asyncio.create_task(listen())
    try:
        return await _steadily(ready, rate, one)
    finally:
        listening.cancel()
        stream.close()


async def _to_work_item(
    http: aiohttp.ClientSession, base: str, drafts: Drafts, staff: dict[str, str], rate: float, count: int
) -> list[float]:
    """Submissions at a steady rate; for each, milliseconds from the submit answer until `GET /work-items`
    shows its work item."""
    ready = await _filled(http, base, drafts, count)

    async def one(headers: dict[str, str], application_id: str) -> float:
        await ok(http.post(f"{base}/applications/{application_id}/submit", headers=headers))
        answered = time.perf_counter()
        query = {"subject": f"applications/{application_id}"}
        # Staff see the item by asking for it, as a client would: there is nothing to wait on here.
        while not (await ok(http.get(f"{base}/work-items", params=query, headers=staff)))["items"]:  # noqa: ASYNC110
            await asyncio.sleep(0.002)
        return (time.perf_counter() - answered) * 1000

    return await _steadily(ready, rate, one)
