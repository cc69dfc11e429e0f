"""A whole round, day by day with the clock given: opening, three reminders, a submission between them,
and overdue; exactly which events went out, and into the inbox and work queue."""

from datetime import UTC, date, datetime
from typing import Any

from services.reporting.actions.quality_round import DayDone
from tests.e2e.quality.support import granted_copy, jobs_of, quality_events, tally
from tests.support.approval import reportable_authorisation
from tests.support.polling import eventually
from tests.support.system import System

COMPLETE = {
    "customers": 112,
    "staff": {"employees": 48, "full_time_equivalents": 39.5, "turnover_percent": 14.0},
    "complaints_received": 6,
    "deviations_received": 3,
    "goals": "Alla kunder har en genomförandeplan.",
    "customer_survey": "92 % nöjda.",
    "improvement_work": "Ny rutin för läkemedel.",
}


async def _revoke(system: System, authorisation_id: str) -> None:
    response = await system.client.post(
        f"/authorisations/{authorisation_id}/revocation",
        json={"reasons": "Brister.", "conditions_not_met": ["deviations-reported"]},
        headers=system.staff,
    )
    assert response.status == 200, await response.text()

    async def revoked() -> int:
        where = "id = :id AND status = 'revoked'"
        return await system.count("reporting", "authorisation_copies", where, id=authorisation_id)

    await eventually(revoked, what="the revocation in the reporting copy")


async def _report_of(system: System, provider_headers: dict[str, str]) -> dict[str, Any]:
    body = await (
        await system.client.get("/quality-reports", params={"year": "2026"}, headers=provider_headers)
    ).json()
    assert len(body["items"]) == 1, body
    report: dict[str, Any] = body["items"][0]
    return report


async def test_a_simulated_year_sends_exactly_what_is_due(fresh: System) -> None:
    system, jobs = fresh, jobs_of(fresh)
    # Authorisations granted now (in 2026) report on 2026; one revoked during 2026 still reports.
    providers = [await system.register_provider(f"Kvalitet {n} AB") for n in "ABCD"]
    a, b, c, d = [await reportable_authorisation(system, p) for p in providers]
    await _revoke(system, d)
    # Granted after 2026 ended: nothing to report on for 2026.
    later = await granted_copy(system, datetime(2027, 1, 5, 9, tzinfo=UTC))
    # Revoked before 2026 began is impossible to make through the API; granted in 2025 and still active is.
    earlier = await granted_copy(system, datetime(2025, 3, 1, 9, tzinfo=UTC))
    reporting = {a, b, c, d, earlier}

    assert await jobs.run_day(date(2027, 1, 14)) == DayDone()
    assert await quality_events(system) == []

    await jobs.run_day(date(2027, 1, 15))
    events = await quality_events(system)
    requested = {e["authorisation_id"] for e in events if e["type"] == "quality_report.requested"}
    assert requested == reporting and later not in requested
    opened = [e for e in events if e["type"] == "quality_round.opened"]
    assert len(opened) == 1 and opened[0]["requested"] == 5 and opened[0]["deadline"] == "2027-03-31"

    await jobs.run_day(date(2027, 1, 15))
    await jobs.run_day(date(2027, 2, 1))
    assert len(await quality_events(system)) == len(events), "nothing new before the first reminder"

    await jobs.run_day(date(2027, 3, 1))
    first = (await quality_events(system))[len(events) :]
    assert tally(first) == {("quality_report.reminder", x, 30): 1 for x in reporting}

    # Provider A submits between the reminders.
    report = await _report_of(system, providers[0].auth)
    saved = await system.client.put(
        f"/quality-reports/{report['id']}", json=COMPLETE, headers=providers[0].auth
    )
    assert saved.status == 200, await saved.text()
    submitted = await system.client.post(f"/quality-reports/{report['id']}/submit", headers=providers[0].auth)
    assert submitted.status == 200, await submitted.text()

    before = len(await quality_events(system))
    for day in (date(2027, 3, 24), date(2027, 3, 25), date(2027, 3, 30), date(2027, 3, 31)):
        await jobs.run_day(day)
    reminders = (await quality_events(system))[before:]
    outstanding = reporting - {a}
    assert tally(reminders) == {
        **{("quality_report.reminder", x, 7): 1 for x in outstanding},
        **{("quality_report.reminder", x, 1): 1 for x in outstanding},
    }

    before = len(await quality_events(system))
    await jobs.run_day(date(2027, 4, 1))
    await jobs.run_day(date(2027, 4, 2))
    overdue = (await quality_events(system))[before:]
    assert tally(overdue) == {("quality_report.overdue", x, None): 1 for x in outstanding}

    status = await (await system.client.get("/quality-rounds/2026", headers=system.staff)).json()
    assert {k: status[k] for k in ("requested", "submitted", "accepted", "overdue")} == {
        "requested": 5,
        "submitted": 1,
        "accepted": 0,
        "overdue": 4,
    }
    accepted = await system.client.post(
        f"/quality-reports/{report['id']}/review", json={"outcome": "accepted"}, headers=system.staff
    )
    assert accepted.status == 200, await accepted.text()
    status = await (await system.client.get("/quality-rounds/2026", headers=system.staff)).json()
    assert status["accepted"] == 1

    # The provider heard of each step; staff have the overdue reports in their queue.
    async def inbox_of_a() -> list[str]:
        body = await (await system.client.get("/notifications", headers=providers[0].auth)).json()
        kinds = sorted(e["event_type"] for e in body["items"] if e["event_type"].startswith("quality_report"))
        return kinds if len(kinds) == 3 else []

    assert await eventually(inbox_of_a, what="A's quality notices") == [
        "quality_report.accepted",
        "quality_report.reminder",
        "quality_report.requested",
    ]
    b_report = await _report_of(system, providers[1].auth)
    items = await eventually(
        lambda: system.work_items(f"quality-reports/{b_report['id']}"), what="B's overdue item"
    )
    assert [i["kind"] for i in items] == ["chase_quality_report"]
