"""Public lists are the same for everyone: they answer `Cache-Control` and a strong `ETag`, a request that
names the current tag gets 304 with no body, and a new row changes the tag."""

import pytest

from services.api import PUBLIC_API
from tests.support.approval import approved_authorisation
from tests.support.system import System

PUBLIC_READS = ["/areas", "/legal-frames", "/areas/hemtjanst/conditions", "/register", "/areas/hemtjanst"]


def test_every_public_read_is_one_of_those_tested_here() -> None:
    public = {
        r.path for r in PUBLIC_API.routes if r.cached and "{" not in r.path and ".well-known" not in r.path
    }
    assert public <= set(PUBLIC_READS)


@pytest.mark.parametrize("path", PUBLIC_READS)
async def test_a_public_read_can_be_cached_and_revalidated(system: System, path: str) -> None:
    first = await system.client.get(path)
    assert first.status == 200, await first.text()
    tag = first.headers["ETag"]
    assert tag.startswith('"') and tag.endswith('"') and not tag.startswith("W/")
    assert first.headers["Cache-Control"] == "public, max-age=60"

    again = await system.client.get(path, headers={"If-None-Match": tag})
    assert again.status == 304 and await again.read() == b""
    assert again.headers["ETag"] == tag and again.headers["Cache-Control"] == "public, max-age=60"
    # Any of several tags, and a weak comparison, as RFC 9110 asks of If-None-Match.
    listed = await system.client.get(path, headers={"If-None-Match": f'"other", W/{tag}'})
    assert listed.status == 304

    stale = await system.client.get(path, headers={"If-None-Match": '"not-the-current-one"'})
    assert stale.status == 200 and stale.headers["ETag"] == tag and await stale.json() == await first.json()


async def test_a_new_row_in_the_register_changes_its_tag(system: System) -> None:
    path = "/register?area_code=ledsagar-avlosarservice-lss"
    before = await system.client.get(path)
    assert before.status == 200
    await approved_authorisation(
        system, await system.register_provider("Nytillkommen AB"), "ledsagar-avlosarservice-lss"
    )
    after = await system.client.get(path, headers={"If-None-Match": before.headers["ETag"]})
    assert after.status == 200 and after.headers["ETag"] != before.headers["ETag"]
