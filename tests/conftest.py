"""Fixtures on the machine's real RabbitMQ and the database chosen by TEST_DATABASE."""

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
    if backend() == "postgresql":
        return
    once = pytest.mark.skip(reason="a browser test: run on PostgreSQL only (TEST_DATABASE=postgresql)")
    for item in items:
        # Selenium's browser (tests/support/browser.py), not the login tests' HTTP one of the same name.
        if item.path.is_relative_to(PORTAL_TESTS) and "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(once)
