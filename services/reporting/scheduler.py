"""The quality-round scheduler: APScheduler fires one run a day, at a configured hour in Europe/Stockholm,
that does whatever the round calendar says is due by that day (open, remind, mark overdue).

Why one daily run rather than a cron trigger per date: reminder days are counted back from the deadline, and
"N days before 31 March" is not one fixed month and day across leap years; a daily run that asks the
calendar is exact every year. APScheduler only triggers: the database makes each step happen once (unique
keys, and on PostgreSQL an advisory lock so that one of several schedulers does the work). At start it runs
the day at once, which is the catch-up for days it was down.

Run alone: `python -m services.reporting.scheduler` (with SCHEDULER_ENABLED=false on the web processes).
Operators replay any day or job: `python -m services.reporting.scheduler run --date 2027-01-15
[--job day|open-round|remind|overdue] [--year 2026]`. Events it writes wait in the reporting database's
outbox until a reporting service relays them.
"""

import argparse
import asyncio
import contextlib
import sys
from datetime import date

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger

from services.reporting.actions.quality_round import RoundJobs
from services.reporting.domain.quality import RoundCalendar, parse_month_day
from shared.clock import STOCKHOLM, now_utc, stockholm_date
from shared.logging import configure_logging, get_logger
from shared.migrations import upgrade_to_head
from shared.service import ServiceRuntime, database_timeouts
from shared.settings import Settings

log = get_logger(__name__)


def calendar_of(settings: Settings) -> RoundCalendar:
    return RoundCalendar(
        opens=parse_month_day(settings.quality_round_opens),
        deadline=parse_month_day(settings.quality_report_deadline),
        reminder_days=tuple(sorted(settings.quality_reminder_days, reverse=True)),
    )


class RoundScheduler:
    def __init__(self, jobs: RoundJobs, hour: int) -> None:
        self._jobs = jobs
        self._hour = hour
        self._scheduler = AsyncIOScheduler(
            timezone=STOCKHOLM,
            # A missed day is run late rather than skipped; runs never overlap.
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None},
        )
        self._catch_up: asyncio.Task[None] | None = None

    async def start(self) -> None:
        """Schedules the daily run and starts today's at once, beside the service rather than before it:
        opening a large round must not hold up the service's start."""
        self._scheduler.add_job(
            self.run_today,
            CronTrigger(hour=self._hour, minute=0, timezone=STOCKHOLM),
            id="quality-round-day",
            replace_existing=True,
        )
        self._scheduler.start()
        self._catch_up = asyncio.create_task(self.run_today(), name="quality-round-catch-up")

    async def caught_up(self) -> None:
        """Waits for the run made at start."""
        if self._catch_up is not None:
            await self._catch_up

    async def run_today(self) -> None:
        today = stockholm_date(now_utc())
        try:
            await self._jobs.run_day(today)
        except Exception:
            log.exception("quality_round_day_failed", day=today.isoformat())

    def stop(self) -> None:
        if self._catch_up is not None:
            self._catch_up.cancel()
        with contextlib.suppress(Exception):
            self._scheduler.shutdown(wait=False)


def jobs_on(runtime: ServiceRuntime, settings: Settings) -> RoundJobs:
    return RoundJobs(uows=runtime.uow, engine=runtime.engine, calendar=calendar_of(settings))


def standalone_jobs(settings: Settings) -> RoundJobs:
    """The jobs with their own engine, for a process that runs without the reporting service."""
    runtime = ServiceRuntime.on_database(
        "reporting", settings.database_url("reporting"), database_timeouts(settings)
    )
    return jobs_on(runtime, settings)


async def _serve(settings: Settings) -> None:
    jobs = standalone_jobs(settings)
    await upgrade_to_head(jobs.engine, "reporting")
    scheduler = RoundScheduler(jobs, settings.scheduler_hour)
    await scheduler.start()
    log.info("scheduler_started", hour=settings.scheduler_hour)
    try:
        await asyncio.Event().wait()
    finally:
        scheduler.stop()
        await jobs.engine.dispose()


async def _run(settings: Settings, job: str, day: date, year: int | None) -> None:
    jobs = standalone_jobs(settings)
    await upgrade_to_head(jobs.engine, "reporting")
    try:
        if job == "day":
            done = await jobs.run_day(day, actor="operator")
            print(
                f"requests made: {done.requested}, reminders sent: {done.reminded}, "
                f"reports marked overdue: {done.marked_overdue}"
            )
        elif job == "open-round":
            opened = await jobs.open_round(year or day.year - 1, actor="operator")
            print(f"round {opened.year}: deadline {opened.deadline.isoformat()}")
        elif job == "remind":
            print(f"reminders sent: {await jobs.remind(day)}")
        else:
            print(f"reports marked overdue: {await jobs.mark_overdue(day)}")
    finally:
        await jobs.engine.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m services.reporting.scheduler", description=__doc__.split("\n\n")[0]
    )
    commands = parser.add_subparsers(dest="command")
    run = commands.add_parser("run", help="run a job for a given day, now")
    run.add_argument(
        "--date", type=date.fromisoformat, required=True, help="the day (YYYY-MM-DD) to run it for"
    )
    run.add_argument("--job", choices=["day", "open-round", "remind", "overdue"], default="day")
    run.add_argument(
        "--year", type=int, help="open-round: the year reported on (default the year before --date)"
    )
    args = parser.parse_args(argv)
    settings = Settings()
    configure_logging(settings.log_level, settings.log_format)
    if args.command == "run":
        asyncio.run(_run(settings, args.job, args.date, args.year))
    else:
        with contextlib.suppress(KeyboardInterrupt):
            asyncio.run(_serve(settings))
    return 0


if __name__ == "__main__":
    sys.exit(main())
