"""The claims behind idempotency keys, in a service's database as replicas share it: a key held by a running
request is not taken by another until its lease ends; a request that crashed before committing frees the key
when its lease ends, and if it still tries to commit, its commit is refused and nothing of it is saved; a
creation that committed keeps its key however its answer was lost; the request run again after a lost
connection keeps its own claim."""

from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import pytest_asyncio
from sqlmodel import select

from services.application.storage.rate_limits import RateLimitCount
from shared.idempotency.store import Claim, CommitMark, KeyStore, KeyTakenOver
from shared.idempotency.table import KeyState
from shared.migrations import upgrade_to_head
from shared.service import ServiceRuntime
from shared.unit_of_work import REQUEST_COMMIT
from tests.support.databases import Databases

NOW = datetime.fromisoformat("2027-06-15T10:00:00+00:00")
LEASE = timedelta(seconds=60)


@pytest_asyncio.fixture
async def runtime(tmp_path: Path) -> AsyncIterator[ServiceRuntime]:
    databases = Databases(tmp_path)
    url = (await databases.create())["application"]
    runtime = ServiceRuntime.on_database("application", url)
    await upgrade_to_head(runtime.engine, "application")
    yield runtime
    await runtime.engine.dispose()
    await databases.drop()


@pytest.fixture
def store(runtime: ServiceRuntime) -> KeyStore:
    return KeyStore(runtime.writes, runtime.write_gate, LEASE)


def claim_of(token: str, fingerprint: str = "f" * 64) -> Claim:
    return Claim("client:acme", "key-1", fingerprint, token)


async def create_as(runtime: ServiceRuntime, store: KeyStore, claim: Claim, key: str) -> None:
    """A creating unit of work of the request holding `claim`: one row, and the key marked with it."""
    marking = REQUEST_COMMIT.set(CommitMark(store, claim))
    try:
        async with runtime.uow() as uow:
            uow.session.add(RateLimitCount(key=key, window_start=NOW, count=1))
            await uow.commit()
    finally:
        REQUEST_COMMIT.reset(marking)


async def created(runtime: ServiceRuntime, key: str) -> int:
    async with runtime.reads() as session:
        return len((await session.exec(select(RateLimitCount).where(RateLimitCount.key == key))).all())


async def test_a_held_key_is_not_taken_until_its_lease_ends(store: KeyStore) -> None:
    assert await store.claim(claim_of("first"), NOW) is None
    held = await store.claim(claim_of("second"), NOW + LEASE - timedelta(seconds=1))
    assert held is not None and held.state == KeyState.CLAIMED and held.claim == "first"
    assert await store.claim(claim_of("second"), NOW + LEASE + timedelta(seconds=1)) is None


async def test_a_request_whose_lease_was_taken_over_cannot_commit(
    runtime: ServiceRuntime, store: KeyStore
) -> None:
    first, second = claim_of("first"), claim_of("second")
    assert await store.claim(first, NOW) is None
    assert await store.claim(second, NOW + LEASE * 2) is None
    with pytest.raises(KeyTakenOver):
        await create_as(runtime, store, first, "by-first")
    await create_as(runtime, store, second, "by-second")
    assert (await created(runtime, "by-first"), await created(runtime, "by-second")) == (0, 1)


async def test_a_committed_creation_keeps_its_key_though_its_answer_was_lost(
    runtime: ServiceRuntime, store: KeyStore
) -> None:
    first = claim_of("first")
    assert await store.claim(first, NOW) is None
    await create_as(runtime, store, first, "made")
    # The request fails after its commit (its answer cannot be stored): freeing the key changes nothing.
    await store.release(first)
    later = await store.claim(claim_of("retry"), NOW + LEASE * 10)
    assert later is not None and later.state == KeyState.COMMITTED


async def test_a_request_that_created_nothing_frees_its_key(store: KeyStore) -> None:
    assert await store.claim(claim_of("first"), NOW) is None
    await store.release(claim_of("first"))
    assert await store.claim(claim_of("second", fingerprint="e" * 64), NOW) is None


async def test_the_request_run_again_keeps_its_own_claim(store: KeyStore) -> None:
    assert await store.claim(claim_of("first"), NOW) is None
    assert await store.claim(claim_of("first"), NOW + timedelta(seconds=1)) is None
