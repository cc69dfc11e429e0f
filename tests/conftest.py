"""Fixtures on the machine's real RabbitMQ and the database chosen by TEST_DATABASE."""

import os
from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio

from tests.support.databases import backend
from tests.support.system import System, start_system, stop_system


@pytest_asyncio.fixture(scope="session")
async def system() -> AsyncIterator[System]:
    """One running system shared by the tests that only add their own providers and rows."""
    running = await start_system()
    yield running
    await stop_system(running)


PORTAL_TESTS = Path(__file__).parent / "e2e" / "portal"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The browser tests drive the portal's pages, which reach the data only through the API: they run once,
    on PostgreSQL (production's database), where the suite's time allows it. The API under them, and the
    portal's own session store (tests/e2e/login/test_portal_sessions.py), are tested on both databases."""
    if backend() != "postgresql":
        once = pytest.mark.skip(reason="a browser test: run on PostgreSQL only (TEST_DATABASE=postgresql)")
        for item in items:
            if _in_a_browser(item):
                item.add_marker(once)
    if os.environ.get("PYTEST_XDIST_WORKER"):
        _longest_modules_first(items)


def _in_a_browser(item: pytest.Item) -> bool:
    # Selenium's browser (tests/support/browser.py), not the login tests' HTTP one of the same name.
    return item.path.is_relative_to(PORTAL_TESTS) and "browser" in getattr(item, "fixturenames", ())


def _longest_modules_first(items: list[pytest.Item]) -> None:
    """Under pytest-xdist (scripts/test) each module runs whole on one worker, in the order of the
    collection (--no-loadscope-reorder): the browser modules first where they run, each a minute or so,
    then the modules of the most tests. A long module started last would keep the run going while the
    other workers sit idle. Every worker sorts its collection the same way, as xdist requires."""
    browsers = backend() == "postgresql"
    counts = Counter(item.path for item in items)
    in_browser = {item.path for item in items if browsers and _in_a_browser(item)}
    # sorted() is stable: the tests of a module keep their order.
    items[:] = sorted(
        items, key=lambda item: (item.path not in in_browser, -counts[item.path], str(item.path))
    )
