"""Fires a service's retention job once a day, at RETENTION_HOUR in Europe/Stockholm. Every replica of the
service schedules it; the job itself sees to it that one of them does the work (job.py). A day missed
while no replica ran is made up by the next run, which finds two days' worth."""

import contextlib
from datetime import datetime

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger

from shared.clock import STOCKHOLM
from shared.logging import get_logger
from shared.retention.job import RetentionJob

log = get_logger(__name__)


class RetentionScheduler:
    def __init__(self, job: RetentionJob, hour: int) -> None:
        self._job = job
        self._hour = hour
        self._scheduler = AsyncIOScheduler(
            timezone=STOCKHOLM,
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None},
        )

    def start(self) -> None:
        self._scheduler.add_job(
            self.run_now,
            CronTrigger(hour=self._hour, minute=0, timezone=STOCKHOLM),
            id=f"retention-{self._job.service}",
            replace_existing=True,
        )
        self._scheduler.start()
        log.info("retention_scheduled", service=self._job.service, next_run=str(self.next_run))

    @property
    def next_run(self) -> datetime | None:
        jobs = self._scheduler.get_jobs()
        return jobs[0].next_run_time if jobs else None

    async def run_now(self) -> None:
        try:
            await self._job.run()
        except Exception:
            # Tomorrow's run takes up what this one left; the service goes on meanwhile.
            log.exception("retention_failed", service=self._job.service)

    def stop(self) -> None:
        with contextlib.suppress(Exception):
            self._scheduler.shutdown(wait=False)
