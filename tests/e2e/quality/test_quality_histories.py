"""A quality report's history, from the round's request to staff's acceptance, read by its provider and by
staff and by no one else; and the round's own history, for staff."""

from datetime import date
from typing import Any

from tests.e2e.quality.support import jobs_of
from tests.e2e.quality.test_simulated_year import COMPLETE
from tests.support.approval import reportable_authorisation
from tests.support.system import System


async def _json(response: Any, status: int) -> Any:
    assert response.status == status, await response.text()
    return await response.json()


def _steps(entries: list[dict[str, Any]]) -> list[tuple[str, str | None, str | None]]:
    return [(e["action"], e["from_state"], e["to_state"]) for e in entries]


async def test_a_report_and_its_round_keep_their_history(fresh: System) -> None:
    system = fresh
    provider = await system.register_provider("Historiken AB")
    other = await system.register_provider("Främlingen AB")
    await reportable_authorisation(system, provider)
    await jobs_of(system).run_day(date(2027, 1, 15))
    (report,) = (await _json(await system.client.get("/quality-reports", headers=provider.auth), 200))[
        "items"
    ]
    url = f"/quality-reports/{report['id']}"
    await _json(await system.client.put(url, json=COMPLETE, headers=provider.auth), 200)
    await _json(await system.client.post(f"{url}/submit", headers=provider.auth), 200)
    await _json(
        await system.client.post(f"{url}/review", json={"outcome": "accepted"}, headers=system.staff), 200
    )

    entries = (await _json(await system.client.get(f"{url}/history", headers=provider.auth), 200))["items"]
    assert _steps(entries) == [
        ("requested", None, "requested"),
        ("saved", "requested", "requested"),
        ("submitted", "requested", "submitted"),
        ("reviewed", "submitted", "accepted"),
    ]
    assert (entries[0]["actor"], entries[0]["actor_kind"]) == ("scheduler", "system")
    assert [e["actor_kind"] for e in entries][1:] == ["provider", "provider", "staff"]
    assert (await _json(await system.client.get(f"{url}/history", headers=system.staff), 200))[
        "items"
    ] == entries
    assert (await system.client.get(f"{url}/history", headers=other.auth)).status == 404

    rounds = (
        await _json(await system.client.get("/quality-rounds/2026/history", headers=system.staff), 200)
    )["items"]
    assert [(e["action"], e["actor"], e["details"]) for e in rounds] == [
        ("opened", "scheduler", {"deadline": "2027-03-31"}),
        ("reports_requested", "scheduler", {"requested": 1}),
    ]
    assert (await system.client.get("/quality-rounds/2026/history", headers=provider.auth)).status == 403
    for year in ("2019", "twenty"):
        assert (
            await system.client.get(f"/quality-rounds/{year}/history", headers=system.staff)
        ).status == 404
