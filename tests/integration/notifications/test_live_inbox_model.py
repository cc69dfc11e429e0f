"""The live inbox's fast path (entries carried by the bell of the process that committed them) held to the
simple path (reading the recipient's entries in number order) by random programs: several processes, each
with its own database connections, bell and watcher, commit entries for one recipient and others at random
times, while streams opened in each of them, from now or resumed after an earlier number, read through the
real stream code (LiveInbox).

The model is a naive re-read of the table: at every checkpoint what a stream sent is the start of the
recipient's entries numbered after its start, in number order, with nothing skipped or repeated; once the
writers are done it is all of them.

A failing program names its seed; `INBOX_MODEL_SEEDS=7,8` runs other seeds."""

import asyncio
import contextlib
import os
import random
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import pytest_asyncio
import sqlalchemy as sa

from services.notifications.actions.batch import BatchReads
from services.notifications.actions.live_inbox import LiveInbox
from services.notifications.bell import Bell
from services.notifications.inbox_watcher import watch_inbox_numbers
from services.notifications.storage import inbox
from services.notifications.storage.inbox import NumberedEntries
from shared.migrations import upgrade_to_head
from shared.service import ServiceRuntime
from tests.support.databases import Databases
from tests.support.polling import eventually
from tests.support.streams import entry_from_elsewhere

SEEDS = [int(seed) for seed in os.environ.get("INBOX_MODEL_SEEDS", "21,22,23").split(",")]
RECIPIENT = "providers/model"
OTHERS = ("providers/other", "staff/someone")
PROCESSES = 3
# A stream that hears nothing reads anyway after this long: longer than a program, so that what the
# streams send comes by the bell and the watchers, never by this safety net.
QUIET_READ_S = 600.0


@dataclass
class Process:
    """A process of the notifications service: its database connections, its bell and its one watcher."""

    runtime: ServiceRuntime
    bell: Bell
    watcher: "asyncio.Task[None]"


@dataclass
class Stream:
    name: str
    # Entries numbered after `start` are the stream's to send.
    start: int
    sent: list[tuple[int, str]] = field(default_factory=list)


@dataclass
class World:
    databases: Databases
    processes: list[Process] = field(default_factory=list)
    streams: list[Stream] = field(default_factory=list)
    tasks: list["asyncio.Task[None]"] = field(default_factory=list)
    steps: list[str] = field(default_factory=list)


@pytest_asyncio.fixture
async def world(tmp_path: Path) -> AsyncIterator[World]:
    databases = Databases(tmp_path)
    url = (await databases.create())["notifications"]
    world = World(databases)
    try:
        for _ in range(PROCESSES):
            runtime = ServiceRuntime.on_database("notifications", url)
            if not world.processes:
                await upgrade_to_head(runtime.engine, "notifications")
            world.processes.append(Process(runtime, Bell(), asyncio.create_task(asyncio.sleep(0))))
        yield world
    finally:
        for task in [*world.tasks, *(p.watcher for p in world.processes)]:
            task.cancel()
        await asyncio.gather(*world.tasks, *(p.watcher for p in world.processes), return_exceptions=True)
        for process in world.processes:
            await process.runtime.engine.dispose()
        await databases.drop()


class _RingsLate(Bell):
    """Rings `bell` a while after the commit: the committing task resumed after others of its process
    had committed and rung, so that the bell hears of numbers out of order and misses some for a time."""

    def __init__(self, bell: Bell, delay_s: float) -> None:
        super().__init__()
        self._bell = bell
        self._delay_s = delay_s

    def ring(self, committed: NumberedEntries) -> None:
        asyncio.get_running_loop().call_later(self._delay_s, self._bell.ring, committed)


async def _write(process: Process, recipients: list[str], ring_delay_s: float = 0) -> None:
    """One consumer transaction's entries, written and rung as the consumer does (actions/batch.py)."""
    bell = _RingsLate(process.bell, ring_delay_s) if ring_delay_s else process.bell
    async with process.runtime.uow() as uow:
        reads = BatchReads.of(uow)
        for recipient in recipients:
            reads.add_entry(entry_from_elsewhere(recipient))
        reads.ring_when_committed(uow, bell)
        await uow.commit()


async def _writer(world: World, process: Process, rng: random.Random, commits: int) -> None:
    for _ in range(commits):
        await asyncio.sleep(rng.choice([0, 0, 0.005, 0.02, 0.08]))
        size = rng.choice([1, 1, 2, 4])
        recipients = [rng.choice([RECIPIENT, RECIPIENT, *OTHERS]) for _ in range(size)]
        await _write(process, recipients, rng.choice([0, 0, 0, 0.01, 0.05]))


async def _taken(world: World) -> int:
    async with world.processes[0].runtime.reads() as session:
        return await inbox.numbers_taken(session)


async def _open(world: World, process: Process, rng: random.Random, name: str) -> None:
    """A stream of `process`, from now or resumed after a number the client had (maybe past the last)."""
    taken = await _taken(world)
    resume_after = rng.choice([None, None, rng.randint(0, taken), taken + 3])
    live = await LiveInbox.open(process.runtime, process.bell, RECIPIENT, resume_after, QUIET_READ_S)
    stream = Stream(f"{name} after {resume_after}", live.sent)
    world.steps.append(f"open {stream.name}, start {live.sent}")
    world.streams.append(stream)

    async def serve() -> None:
        while True:
            # As the stream's handler asks, with a token that outlasts the program: a wait that ends
            # without a ring would make the stream read, hiding what the bell and watchers miss.
            found = await live.next(max_wait_s=None)
            stream.sent.extend((seq, entry.id) for seq, entry in found)

    world.tasks.append(asyncio.create_task(serve()))


async def _entries(world: World) -> list[tuple[int, str]]:
    """The naive re-read: every entry of the recipient, in number order."""
    async with world.processes[0].runtime.engine.connect() as conn:
        rows = await conn.execute(
            sa.text("SELECT seq, id FROM inbox_entries WHERE recipient = :recipient ORDER BY seq"),
            {"recipient": RECIPIENT},
        )
        return [(row.seq, row.id) for row in rows]


async def _check(world: World, whole: bool) -> None:
    """Every stream sent the start of what a re-read finds after its start (all of it, if `whole`)."""
    sent = {stream.name: list(stream.sent) for stream in world.streams}  # before the re-read
    entries = await _entries(world)
    for stream in world.streams:
        expected = [(seq, entry_id) for seq, entry_id in entries if seq > stream.start]
        so_far = sent[stream.name]
        wanted = expected if whole else expected[: len(so_far)]
        assert so_far == wanted, (
            f"stream {stream.name} from {stream.start} sent {so_far}, a re-read finds {expected}; "
            f"program {world.steps}"
        )


@pytest.mark.parametrize("seed", SEEDS)
async def test_a_stream_sends_what_a_re_read_finds_nothing_skipped_nothing_repeated(
    world: World, seed: int
) -> None:
    rng = random.Random(seed)
    for process in world.processes:
        # Some bells keep few entries, so that streams behind them read from the database.
        process.bell = Bell(kept_entries=rng.choice([3, 2_000]))
        interval = rng.choice([0.02, 0.1, 0.3])
        process.watcher = asyncio.create_task(watch_inbox_numbers(process.runtime, process.bell, interval))
        world.steps.append(f"process {world.processes.index(process)} watches every {interval}s")
    await _write(world.processes[0], [RECIPIENT, OTHERS[0]])  # numbers before any stream
    for index, process in enumerate(world.processes):
        await _open(world, process, rng, f"p{index}s0")
    writers = [
        asyncio.create_task(_writer(world, process, rng, rng.randint(8, 15)))
        for process in world.processes
        for _ in range(rng.choice([1, 2]))
    ]
    world.tasks.extend(writers)
    # While they write: more streams open, and what every stream sent so far is held to a re-read.
    for turn in range(4):
        await asyncio.sleep(rng.choice([0.02, 0.1, 0.2]))
        index = rng.randrange(PROCESSES)
        await _open(world, world.processes[index], rng, f"p{index}s{turn + 1}")
        await _check(world, whole=False)
    await asyncio.gather(*writers)
    assert len(await _entries(world)) >= 10, f"a program too short to say anything: {world.steps}"

    async def caught_up() -> bool:
        with contextlib.suppress(AssertionError):
            await _check(world, whole=True)
            return True
        return False

    await eventually(caught_up, timeout=30, what=f"every stream caught up: {world.steps}")
    await _check(world, whole=True)
