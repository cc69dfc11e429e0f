"""A provider's quality report: a draft saved part by part, submitted when complete, sent back for
completion and accepted; only its own provider and the area's staff see it."""

from datetime import date
from typing import Any

from tests.e2e.quality.support import jobs_of
from tests.e2e.quality.test_simulated_year import COMPLETE
from tests.support.applications import working_day
from tests.support.approval import reportable_authorisation
from tests.support.polling import eventually
from tests.support.system import System


async def _json(response: Any, status: int) -> Any:
    assert response.status == status, await response.text()
    return await response.json()


async def test_a_report_is_drafted_submitted_sent_back_and_accepted(fresh: System) -> None:
    system = fresh
    provider = await system.register_provider("Redovisaren AB")
    other = await system.register_provider("Nyfiken AB")
    await reportable_authorisation(system, provider)
    await jobs_of(system).run_day(date(2027, 1, 15))
    reports = await _json(await system.client.get("/quality-reports", headers=provider.auth), 200)
    (report,) = reports["items"]
    assert (report["year"], report["status"], report["deadline"]) == (2026, "requested", "2027-03-31")
    url = f"/quality-reports/{report['id']}"

    empty = await _json(await system.client.post(f"{url}/submit", headers=provider.auth), 422)
    assert "customers" in empty["missing"] and "staff.employees" in empty["missing"]
    partial = await _json(await system.client.put(url, json={"customers": 40}, headers=provider.auth), 200)
    assert partial["content"]["customers"] == 40 and partial["saved_at"] is not None
    still = await _json(await system.client.post(f"{url}/submit", headers=provider.auth), 422)
    assert "customers" not in still["missing"] and "goals" in still["missing"]
    with_number = dict(COMPLETE, goals="Kunden 121212-1212 fick hjälp.")
    assert (await system.client.put(url, json=with_number, headers=provider.auth)).status == 422
    await _json(await system.client.put(url, json=COMPLETE, headers=provider.auth), 200)
    submitted = await _json(await system.client.post(f"{url}/submit", headers=provider.auth), 200)
    assert submitted["status"] == "submitted"
    assert (await system.client.put(url, json=COMPLETE, headers=provider.auth)).status == 409

    # Only its provider and staff see it; only staff review it.
    assert (await system.client.get(url, headers=other.auth)).status == 404
    assert (
        await system.client.post(f"{url}/review", json={"outcome": "accepted"}, headers=provider.auth)
    ).status == 403
    vague = await system.client.post(
        f"{url}/review", json={"outcome": "completion_requested"}, headers=system.staff
    )
    assert vague.status == 422
    on_christmas_eve = await _json(
        await system.client.post(
            f"{url}/review",
            json={"outcome": "completion_requested", "note": "Beskriv enkäten.", "due_date": "2031-12-24"},
            headers=system.staff,
        ),
        422,
    )
    assert [(e["location"], e["type"]) for e in on_christmas_eve["errors"]] == [
        ("due_date", "not_working_day")
    ]
    assert (await _json(await system.client.get(url, headers=system.staff), 200))["status"] == "submitted"
    due = working_day(14).isoformat()
    sent_back = await _json(
        await system.client.post(
            f"{url}/review",
            json={"outcome": "completion_requested", "note": "Beskriv enkäten per enhet.", "due_date": due},
            headers=system.staff,
        ),
        200,
    )
    assert (sent_back["status"], sent_back["completion_due"]) == ("completion_requested", due)

    async def told() -> list[dict[str, Any]]:
        body = await _json(await system.client.get("/notifications", headers=provider.auth), 200)
        return [e for e in body["items"] if e["event_type"] == "quality_report.completion_requested"]

    assert due in (await eventually(told, what="the request for completion"))[0]["body"]

    await _json(
        await system.client.put(
            url, json=dict(COMPLETE, customer_survey="Per enhet: 90 %, 94 %."), headers=provider.auth
        ),
        200,
    )
    await _json(await system.client.post(f"{url}/submit", headers=provider.auth), 200)
    accepted = await _json(
        await system.client.post(f"{url}/review", json={"outcome": "accepted"}, headers=system.staff), 200
    )
    assert (
        accepted["status"] == "accepted"
        and accepted["content"]["customer_survey"] == "Per enhet: 90 %, 94 %."
    )
    assert (
        await system.client.post(f"{url}/review", json={"outcome": "accepted"}, headers=system.staff)
    ).status == 409
    status = await _json(await system.client.get("/quality-rounds/2026", headers=system.staff), 200)
    assert (status["requested"], status["submitted"], status["accepted"]) == (1, 1, 1)
