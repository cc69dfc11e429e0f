"""The portal's browser tests share one running system (with its identity provider) per module."""

from collections.abc import Iterator

import pytest

from tests.support.portal import PortalSystem, portal_system


@pytest.fixture(scope="module")
def portal() -> Iterator[PortalSystem]:
    with portal_system() as running:
        yield running
