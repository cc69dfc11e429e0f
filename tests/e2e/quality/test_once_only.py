"""Running a job twice, two schedulers at once, a scheduler started late, a round opened by hand then by
the scheduler: each request and reminder goes out once."""

import asyncio
from datetime import UTC, date, datetime, timedelta

from services.reporting.actions.quality_round import LOCK
from services.reporting.scheduler import RoundScheduler, calendar_of, standalone_jobs
from shared.clock import STOCKHOLM, now_utc
from shared.db import exclusive
from shared.statutory_time import next_working_day
from tests.e2e.quality.support import granted_copy, jobs_of, quality_events, tally
from tests.support.processes import run_module
from tests.support.system import System


async def _copies(system: System, count: int, granted_at: datetime) -> set[str]:
    return {await granted_copy(system, granted_at) for _ in range(count)}


async def _scheduler_process(system: System, *args: str) -> tuple[int, str]:
    env = {"REPORTING_DATABASE_URL": system.settings.database_url("reporting"), "LOG_LEVEL": "WARNING"}
    finished = await run_module("services.reporting.scheduler", *args, env=env)
    return finished.code, finished.output


def _once_each(events: list[dict[str, object]], authorisations: set[str]) -> None:
    counted = tally(events)
    assert counted == {
        **{("quality_report.requested", a, None): 1 for a in authorisations},
        ("quality_round.opened", "-", None): 1,
    }, counted


async def test_the_same_day_run_twice_changes_nothing(fresh: System) -> None:
    authorisations = await _copies(fresh, 3, datetime(2026, 2, 1, tzinfo=UTC))
    jobs = jobs_of(fresh)
    for _ in range(2):
        await jobs.run_day(date(2027, 1, 15))
        await jobs.run_day(date(2027, 3, 1))
    events = await quality_events(fresh)
    _once_each([e for e in events if e["type"] != "quality_report.reminder"], authorisations)
    assert tally([e for e in events if e["type"] == "quality_report.reminder"]) == {
        ("quality_report.reminder", a, 30): 1 for a in authorisations
    }


async def test_two_schedulers_at_once_open_the_round_once(fresh: System) -> None:
    authorisations = await _copies(fresh, 4, datetime(2026, 2, 1, tzinfo=UTC))
    # Two processes, each with its own engine and connections, run the opening day together.
    results = await asyncio.gather(
        *(_scheduler_process(fresh, "run", "--date", "2027-01-15") for _ in range(2)),
        *(_scheduler_process(fresh, "run", "--date", "2027-03-01", "--job", "remind") for _ in range(2)),
    )
    for code, output in results:
        assert code == 0, output
    events = await quality_events(fresh)
    _once_each([e for e in events if e["type"] != "quality_report.reminder"], authorisations)
    reminders = tally([e for e in events if e["type"] == "quality_report.reminder"])
    assert set(reminders.values()) <= {1}, reminders


async def test_two_schedulers_in_one_process_share_the_work_without_doubling(fresh: System) -> None:
    authorisations = await _copies(fresh, 3, datetime(2026, 2, 1, tzinfo=UTC))
    other = standalone_jobs(fresh.settings)
    try:
        ran = await asyncio.gather(
            jobs_of(fresh).run_day(date(2027, 1, 15)), other.run_day(date(2027, 1, 15))
        )
    finally:
        await other.engine.dispose()
    assert sorted(done.requested for done in ran) == [0, 3]
    _once_each(await quality_events(fresh), authorisations)


async def test_a_day_run_waits_for_another_job_holding_the_lock(fresh: System) -> None:
    # A reminder run by hand holds the round's lock as the opening day's run starts: the day is not skipped.
    authorisations = await _copies(fresh, 2, datetime(2026, 2, 1, tzinfo=UTC))
    jobs = jobs_of(fresh)
    async with exclusive(jobs.engine, LOCK):
        day = asyncio.create_task(jobs.run_day(date(2027, 1, 15)))
        if jobs.engine.dialect.name == "postgresql":
            await asyncio.sleep(0.3)
            assert not day.done(), "the day's run went ahead of the job holding the lock"
        else:
            # SQLite has no such lock: there the day runs while the other job holds it, its writers
            # serialised by the database (however slowly the machine does it).
            await asyncio.wait_for(asyncio.shield(day), timeout=60)
    assert (await day).requested == 2
    _once_each(await quality_events(fresh), authorisations)


async def test_a_scheduler_started_late_catches_up_once(fresh: System) -> None:
    # The scheduler was not running on the round's opening day: started now, it does what is due by today.
    today = now_utc().astimezone(STOCKHOLM).date()
    calendar = calendar_of(fresh.settings)
    due = calendar.round_due(today)
    year = due if due is not None else today.year - 2  # before 15 January nothing is due yet
    authorisations = await _copies(fresh, 2, datetime(year, 6, 1, tzinfo=UTC))
    await granted_copy(fresh, now_utc() + timedelta(days=1))  # granted after that year: never asked
    schedulers = [RoundScheduler(jobs_of(fresh), hour=8) for _ in range(2)]
    try:
        for scheduler in schedulers:
            await scheduler.start()
        for scheduler in schedulers:
            await scheduler.caught_up()
        job = schedulers[0]._scheduler.get_job("quality-round-day")
        assert job is not None and job.next_run_time.hour == 8
        assert job.next_run_time.utcoffset() in (timedelta(hours=1), timedelta(hours=2))
    finally:
        for scheduler in schedulers:
            scheduler.stop()
    events = await quality_events(fresh)
    if due is None:
        assert events == []
        return
    _once_each(
        [e for e in events if e["type"] not in ("quality_report.reminder", "quality_report.overdue")],
        authorisations,
    )
    assert all(e["year"] == year for e in events if e["type"] == "quality_report.requested")
    # Past the deadline as well, the same catch-up marks them overdue, once; before it, nothing is overdue.
    overdue = tally([e for e in events if e["type"] == "quality_report.overdue"])
    expected = (
        {("quality_report.overdue", a, None): 1 for a in authorisations}
        if today > calendar.deadline_of(year)
        else {}
    )
    assert overdue == expected


async def test_a_round_opened_by_hand_is_not_opened_again_by_the_scheduler(fresh: System) -> None:
    today = now_utc().astimezone(STOCKHOLM).date()
    year = today.year - 1
    authorisations = await _copies(fresh, 2, datetime(year, 6, 1, tzinfo=UTC))
    deadline = next_working_day(today + timedelta(days=60)).isoformat()
    response = await fresh.client.post(
        "/quality-rounds", json={"year": year, "deadline": deadline}, headers=fresh.staff
    )
    assert response.status == 201, await response.text()
    body = await response.json()
    assert (body["requested"], body["deadline"], body["complete"]) == (2, deadline, True)

    await jobs_of(fresh).run_day(today)
    _once_each(
        [e for e in await quality_events(fresh) if e["type"] != "quality_report.reminder"], authorisations
    )
    again = await fresh.client.post(
        "/quality-rounds", json={"year": year, "deadline": deadline}, headers=fresh.staff
    )
    assert again.status == 409
    rounds = await (await fresh.client.get("/quality-rounds", headers=fresh.staff)).json()
    assert [r["year"] for r in rounds["items"]] == [year]


async def test_opening_a_round_by_hand_is_checked(fresh: System) -> None:
    today = now_utc().astimezone(STOCKHOLM).date()
    provider = await fresh.register_provider()
    refused = await fresh.client.post("/quality-rounds", json={"year": today.year - 1}, headers=provider.auth)
    assert refused.status == 403
    current = await fresh.client.post("/quality-rounds", json={"year": today.year}, headers=fresh.staff)
    assert current.status == 422
    past_deadline = await fresh.client.post(
        "/quality-rounds", json={"year": today.year - 1, "deadline": today.isoformat()}, headers=fresh.staff
    )
    assert past_deadline.status == 422
    later = today + timedelta(days=10)
    saturday = later + timedelta(days=(5 - later.weekday()) % 7)
    day_off = await fresh.client.post(
        "/quality-rounds",
        json={"year": today.year - 1, "deadline": saturday.isoformat()},
        headers=fresh.staff,
    )
    assert day_off.status == 422
    assert [(e["location"], e["type"]) for e in (await day_off.json())["errors"]] == [
        ("deadline", "not_working_day")
    ]
    assert await fresh.count("reporting", "quality_rounds") == 0
    missing = await fresh.client.get(f"/quality-rounds/{today.year - 1}", headers=fresh.staff)
    assert missing.status == 404
