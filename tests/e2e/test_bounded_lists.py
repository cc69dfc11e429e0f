"""Every list that can grow is bounded: each list route, filled with more rows than a small `limit`, answers
pages of at most `limit` whose cursor walks every row exactly once, and refuses a `limit` beyond its
bounds. The fixed small lists (tests/contracts/test_every_list_is_bounded.py) are not here: they cannot
grow."""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import orjson
import pytest

from shared.pagination import MAX_LIMIT
from tests.support.approval import approved_authorisation, reportable_authorisation
from tests.support.reports import deviation_body
from tests.support.system import System

LIMIT = 2
# Areas few other tests apply in, so a list of one area stays well within one page of MAX_LIMIT.
QUIET_AREAS = ("korttidsvistelse-lss", "oppenvard-missbruk", "daglig-verksamhet-lss")


@dataclass(frozen=True)
class Listing:
    path: str
    headers: dict[str, str]
    params: dict[str, str] = field(default_factory=dict)


async def _ok(response: Any, status: int = 200) -> Any:
    assert response.status == status, await response.text()
    return await response.json()


async def _register(system: System) -> Listing:
    for _ in range(LIMIT + 1):
        await approved_authorisation(system, await system.register_provider("Registret AB"), QUIET_AREAS[0])
    return Listing("/register", {}, {"area_code": QUIET_AREAS[0]})


async def _applications(system: System) -> Listing:
    provider = await system.register_provider("Många Ansökningar AB")
    for area in QUIET_AREAS:
        await system.start_application(provider, area)
    return Listing("/applications", provider.auth)


async def _authorisations(system: System) -> Listing:
    provider = await system.register_provider("Många Tillstånd AB")
    for area in QUIET_AREAS:
        await approved_authorisation(system, provider, area)
    return Listing("/authorisations", provider.auth)


async def _application_history(system: System) -> Listing:
    provider = await system.register_provider("Historien AB")
    application = await system.submitted_application(provider, QUIET_AREAS[1])
    return Listing(f"/applications/{application['id']}/history", provider.auth)


async def _authorisation_history(system: System) -> Listing:
    provider = await system.register_provider("Taket AB")
    authorisation_id = await approved_authorisation(system, provider, QUIET_AREAS[1])
    for ceiling in (10, 12, 14):
        await _ok(
            await system.client.put(
                f"/authorisations/{authorisation_id}/capacity",
                json={"capacity_ceiling": ceiling, "current_customers": 2},
                headers=provider.auth,
            )
        )
    return Listing(f"/authorisations/{authorisation_id}/history", provider.auth)


async def _reported_deviations(system: System, count: int) -> tuple[dict[str, str], list[str]]:
    provider = await system.register_provider("Avvikelser AB")
    authorisation_id = await reportable_authorisation(system, provider, QUIET_AREAS[2])
    ids = []
    for _ in range(count):
        body = deviation_body(authorisation_id)
        ids.append(
            (await _ok(await system.client.post("/deviations", json=body, headers=provider.auth), 201))["id"]
        )
    return provider.auth, ids


async def _deviations(system: System) -> Listing:
    auth, _ = await _reported_deviations(system, LIMIT + 1)
    return Listing("/deviations", auth)


async def _deviation_history(system: System) -> Listing:
    auth, [deviation_id] = await _reported_deviations(system, 1)
    case = f"/deviations/{deviation_id}"
    await _ok(await system.client.post(f"{case}/acknowledgement", json={}, headers=system.staff))
    await _ok(await system.client.post(f"{case}/closure", json={"note": "Klart."}, headers=system.staff))
    return Listing(f"{case}/history", auth)


LISTS: dict[str, Callable[[System], Awaitable[Listing]]] = {
    "GET /register": _register,
    "GET /applications": _applications,
    "GET /authorisations": _authorisations,
    "GET /applications/{id}/history": _application_history,
    "GET /authorisations/{id}/history": _authorisation_history,
    "GET /deviations": _deviations,
    "GET /deviations/{id}/history": _deviation_history,
}


async def _page(system: System, listing: Listing, **params: str) -> dict[str, Any]:
    response = await system.client.get(
        listing.path, params={**listing.params, **params}, headers=listing.headers
    )
    body: dict[str, Any] = await _ok(response)
    return body


@pytest.mark.parametrize("route", LISTS)
async def test_a_small_limit_is_honoured_and_the_cursor_walks_every_row_once(
    system: System, route: str
) -> None:
    listing = await LISTS[route](system)
    whole = await _page(system, listing, limit=str(MAX_LIMIT))
    assert whole["next_cursor"] is None and len(whole["items"]) > LIMIT, whole

    walked: list[Any] = []
    cursor: str | None = None
    while True:
        page = await _page(system, listing, limit=str(LIMIT), **({"cursor": cursor} if cursor else {}))
        assert len(page["items"]) <= LIMIT, page
        walked += page["items"]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    # Every row once, in the list's order: the walk is the whole list, without a repeat or a gap.
    assert walked == whole["items"]
    assert len({orjson.dumps(item) for item in walked}) == len(walked)


@pytest.mark.parametrize("route", LISTS)
async def test_a_limit_out_of_bounds_is_the_client_s_error(system: System, route: str) -> None:
    listing = await LISTS[route](system)
    for limit in ("0", "-1", str(MAX_LIMIT + 1)):
        response = await system.client.get(
            listing.path, params={**listing.params, "limit": limit}, headers=listing.headers
        )
        assert response.status == 422 and response.content_type == "application/problem+json", limit
