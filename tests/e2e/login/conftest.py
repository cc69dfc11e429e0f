"""A system whose people log in through a real OpenID Connect provider started for these tests."""

from collections.abc import AsyncIterator, Iterator

import pytest
import pytest_asyncio

from tests.support.identity_provider import Browser, IdentityProvider, identity_provider
from tests.support.system import System, start_system, stop_system


@pytest.fixture(scope="module")
def upstream() -> Iterator[IdentityProvider]:
    with identity_provider() as provider:
        yield provider


@pytest_asyncio.fixture(scope="module")
async def login_system(upstream: IdentityProvider) -> AsyncIterator[System]:
    running = await start_system(
        provider_login=upstream.upstream("kundval-provider-people"),
        staff_login=upstream.upstream("kundval-staff"),
        revocation_refresh_s=0.2,
    )
    yield running
    await stop_system(running)


@pytest_asyncio.fixture
async def browser(login_system: System) -> AsyncIterator[Browser]:
    opened = Browser(login_system.settings.base_url)
    yield opened
    await opened.close()
