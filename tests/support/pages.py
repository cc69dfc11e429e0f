"""Reading a paged list the way a client does: a small `limit`, then `next_cursor` until it is null."""

from dataclasses import dataclass, field
from typing import Any

import orjson

from shared.pagination import MAX_LIMIT
from tests.support.system import System


@dataclass(frozen=True)
class Listing:
    """A list route with its path ids filled in, the caller who reads it and its other query parameters."""

    path: str
    headers: dict[str, str]
    params: dict[str, str] = field(default_factory=dict)
    # The page size walked with: smaller than the rows the test made.
    limit: int = 2


async def _page(system: System, listing: Listing, **params: str) -> dict[str, Any]:
    response = await system.client.get(
        listing.path, params={**listing.params, **params}, headers=listing.headers
    )
    assert response.status == 200, await response.text()
    body: dict[str, Any] = await response.json()
    return body


async def walks_every_row_once(system: System, listing: Listing) -> None:
    """The list, holding more rows than its `limit`, is walked in pages of at most `limit`: the walk is the
    whole list (read as one page of the maximum), in its order, without a repeat or a gap."""
    limit = listing.limit
    whole = await _page(system, listing, limit=str(MAX_LIMIT))
    assert whole["next_cursor"] is None and len(whole["items"]) > limit, whole

    walked: list[Any] = []
    cursor: str | None = None
    while True:
        page = await _page(system, listing, limit=str(limit), **({"cursor": cursor} if cursor else {}))
        assert len(page["items"]) <= limit, page
        walked += page["items"]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert walked == whole["items"]
    assert len({orjson.dumps(item) for item in walked}) == len(walked)


async def refuses_limits_out_of_bounds(system: System, listing: Listing) -> None:
    for limit in ("0", "-1", str(MAX_LIMIT + 1)):
        response = await system.client.get(
            listing.path, params={**listing.params, "limit": limit}, headers=listing.headers
        )
        assert response.status == 422 and response.content_type == "application/problem+json", limit
