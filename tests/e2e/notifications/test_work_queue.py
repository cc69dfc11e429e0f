"""Staff claim and complete work items; an item held by one member is not claimable by another."""

import asyncio
from typing import Any

from shared.auth.principal import Kind
from tests.support.polling import eventually
from tests.support.system import System

AREAS = ["hemtjanst", "boendestod"]


async def _item(system: System) -> dict[str, Any]:
    provider = await system.register_provider("Kön AB")
    application = await system.submitted_application(provider, "boendestod")
    items = await eventually(
        lambda: system.work_items(f"applications/{application['id']}"), what="the work item"
    )
    return items[0]


async def test_a_claimed_item_is_held_until_its_holder_completes_it(system: System) -> None:
    item = await _item(system)
    first, second = await system.operator(Kind.STAFF, AREAS), await system.operator(Kind.STAFF, AREAS)
    url = f"/work-items/{item['id']}"

    claimed = await system.client.post(f"{url}/claim", headers=first)
    assert claimed.status == 200, await claimed.text()
    holder = (await claimed.json())["claimed_by"]
    assert (await claimed.json())["status"] == "claimed"
    again = await system.client.post(f"{url}/claim", headers=first)
    assert again.status == 200 and (await again.json())["claimed_by"] == holder

    taken = await system.client.post(f"{url}/claim", headers=second)
    assert taken.status == 409
    assert (await taken.json())["claimed_by"] == holder
    not_theirs = await system.client.post(f"{url}/completion", json={"note": "Klart."}, headers=second)
    assert not_theirs.status == 409

    done = await system.client.post(f"{url}/completion", json={"note": "Granskad."}, headers=first)
    assert done.status == 200, await done.text()
    body = await done.json()
    assert (body["status"], body["completed_by"], body["completion_note"]) == ("done", holder, "Granskad.")
    assert (await system.client.post(f"{url}/claim", headers=second)).status == 409


async def test_of_two_claims_at_once_exactly_one_wins(system: System) -> None:
    for _ in range(3):
        item = await _item(system)
        staff = [await system.operator(Kind.STAFF, AREAS) for _ in range(2)]
        answers = await asyncio.gather(
            *(system.client.post(f"/work-items/{item['id']}/claim", headers=headers) for headers in staff)
        )
        assert sorted(a.status for a in answers) == [200, 409]
        winner = next(a for a in answers if a.status == 200)
        loser = next(a for a in answers if a.status == 409)
        assert (await loser.json())["claimed_by"] == (await winner.json())["claimed_by"]


async def test_items_outside_the_members_areas_or_for_providers_are_out_of_reach(system: System) -> None:
    item = await _item(system)
    elsewhere = await system.operator(Kind.STAFF, ["familjeradgivning"])
    assert (await system.client.post(f"/work-items/{item['id']}/claim", headers=elsewhere)).status == 404
    provider = await system.register_provider()
    assert (await system.client.post(f"/work-items/{item['id']}/claim", headers=provider.auth)).status == 403
    unknown = await system.client.post("/work-items/no-such-item/claim", headers=system.staff)
    assert unknown.status == 404
    still = await system.work_items(item["subject"])
    assert still[0]["status"] == "open" and still[0]["claimed_by"] is None
