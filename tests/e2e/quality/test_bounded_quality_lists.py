"""The quality lists are bounded like every other list (tests/e2e/test_bounded_lists.py): rounds, reports
and a round's history, on a system of their own since a round is one per year for the whole installation."""

from datetime import UTC, datetime
from typing import Any

from tests.e2e.quality.support import granted_copy
from tests.support.applications import working_day
from tests.support.pages import Listing, refuses_limits_out_of_bounds, walks_every_row_once
from tests.support.polling import eventually
from tests.support.system import System

YEARS = (2023, 2024, 2025)
AREAS = ("hemtjanst", "boendestod", "sysselsattning")


async def _open(system: System, year: int) -> None:
    body = {"year": year, "deadline": working_day(60).isoformat()}
    response = await system.client.post("/quality-rounds", json=body, headers=system.staff)
    assert response.status == 201, await response.text()


async def _reports(system: System, headers: dict[str, str]) -> list[Any]:
    response = await system.client.get("/quality-reports", params={"limit": "200"}, headers=headers)
    assert response.status == 200, await response.text()
    items: list[Any] = (await response.json())["items"]
    return items


async def test_rounds_reports_and_a_round_s_history_are_walked_by_cursor(fresh: System) -> None:
    system = fresh
    # Granted before the first year reported on, so every round requests a report of each.
    for area in AREAS:
        await granted_copy(system, datetime(2022, 6, 1, tzinfo=UTC), area)
    for year in YEARS:
        await _open(system, year)

    async def every_report() -> bool:
        return len(await _reports(system, system.staff)) == len(AREAS) * len(YEARS)

    await eventually(every_report, what="a report per authorisation and round")
    listings = [
        Listing("/quality-rounds", system.staff),
        Listing("/quality-reports", system.staff),
        # The round opened, and its reports requested (an entry per batch): two entries, walked one by one.
        Listing(f"/quality-rounds/{YEARS[-1]}/history", system.staff, limit=1),
    ]
    for listing in listings:
        await walks_every_row_once(system, listing)
        await refuses_limits_out_of_bounds(system, listing)
