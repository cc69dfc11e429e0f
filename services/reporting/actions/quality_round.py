"""The yearly round's jobs: open it (one request per authorisation that reports), remind those who have
not submitted, and mark the rest overdue after the deadline.

Every job may run any number of times, in any number of processes, for any date: unique keys (a round per
year, a report per authorisation and year, a reminder per report and kind) make a second run a no-op, and
the work is written in batches so that a round of any size opens in bounded memory. A round whose opening
was interrupted between batches is finished by the next run."""

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from services.reporting.domain.quality import ReportStatus, RoundCalendar, reports_for_year
from services.reporting.storage import quality as storage
from services.reporting.storage.copies import copies_by_id
from services.reporting.storage.quality import QualityReminder, QualityReport, QualityRound
from shared.audit import Actor, actor_id
from shared.clock import now_utc
from shared.db import exclusive
from shared.errors import Conflict
from shared.events.reporting import (
    QualityReportOverdueV1,
    QualityReportReminderV1,
    QualityReportRequestedV1,
    QualityRoundOpenedV1,
)
from shared.logging import get_logger
from shared.unit_of_work import UnitOfWorkFactory

BATCH = 500
LOCK = "quality-round"
# Who the audit trail names for the overdue marks, whichever run made them.
OVERDUE_JOB = "quality-report-overdue-check"
log = get_logger(__name__)


@dataclass(frozen=True)
class DayDone:
    """What one day's run did; a run after another for the same day does nothing."""

    requested: int = 0
    reminded: int = 0
    marked_overdue: int = 0


@dataclass(frozen=True)
class RoundJobs:
    uows: UnitOfWorkFactory
    engine: AsyncEngine
    calendar: RoundCalendar

    async def run_day(self, today: date, *, actor: str = "scheduler") -> DayDone:
        """Everything due by `today`. Another process running a job waits its turn rather than skipping the
        day: the lock may be held by a different job (a reminder run by hand), and what a run for the same
        day already did, this one finds done."""
        async with exclusive(self.engine, LOCK):
            year = self.calendar.round_due(today)
            requested = 0
            if year is not None:
                requested = (await self._open(year, self.calendar.deadline_of(year), actor))[1]
            return DayDone(requested, await self._remind(today), await self._mark_overdue(today))

    async def open_by_hand(self, year: int, deadline: date, actor: Actor) -> QualityRound:
        async with exclusive(self.engine, LOCK):
            opened = [r for r in await self._fanned_out() if r.year == year]
            if opened:
                raise Conflict(
                    f"The round for {year} is already open.", deadline=opened[0].deadline.isoformat()
                )
            return (await self._open(year, deadline, actor))[0]

    async def open_round(self, year: int, *, actor: str) -> QualityRound:
        async with exclusive(self.engine, LOCK):
            return (await self._open(year, self.calendar.deadline_of(year), actor))[0]

    async def remind(self, today: date) -> int:
        async with exclusive(self.engine, LOCK):
            return await self._remind(today)

    async def mark_overdue(self, today: date) -> int:
        async with exclusive(self.engine, LOCK):
            return await self._mark_overdue(today)

    async def _open(self, year: int, deadline: date, actor: Actor) -> tuple[QualityRound, int]:
        """The round, and how many reports this call requested (none when it was already open)."""
        claimed = await self._claim(year, deadline, actor)
        if claimed.fanned_out_at is not None:
            return claimed, 0
        deadline = claimed.deadline
        written = 0
        after = ""
        while True:
            async with self.uows().acting_as(actor) as uow:
                copies = await storage.copies_after(uow.session, after, BATCH)
                if not copies:
                    break
                after = copies[-1].id
                eligible = [c for c in copies if reports_for_year(c.granted_at, c.revoked_at, year)]
                done = await storage.reported_among(uow.session, year, [c.id for c in eligible])
                now = now_utc()
                for copy in eligible:
                    if copy.id in done:
                        continue
                    report = QualityReport(
                        id=str(uuid.uuid4()),
                        authorisation_id=copy.id,
                        provider_id=copy.provider_id,
                        area_code=copy.area_code,
                        year=year,
                        deadline=deadline,
                        status=ReportStatus.REQUESTED,
                        created_at=now,
                    )
                    uow.session.add(report)
                    uow.audit(report, "requested")
                    written += 1
                    uow.publish(
                        QualityReportRequestedV1(
                            **copy.reference(),
                            report_id=report.id,
                            year=year,
                            deadline=deadline,
                        )
                    )
                await uow.commit()
        async with self.uows().acting_as(actor) as uow:
            finished = await storage.round_of(uow.session, year)
            assert finished is not None
            if finished.fanned_out_at is None:
                finished.fanned_out_at = now_utc()
                uow.session.add(finished)
                requested = (await storage.counts(uow.session, year))["requested"]
                uow.publish(
                    QualityRoundOpenedV1(
                        year=year,
                        deadline=finished.deadline,
                        requested=requested,
                        opened_at=finished.opened_at,
                    )
                )
                uow.audit(finished, "reports_requested", requested=requested)
                await uow.commit()
                log.info("quality_round_opened", year=year, requested=requested)
            return finished, written

    async def _claim(self, year: int, deadline: date, actor: Actor) -> QualityRound:
        """The year's round, created if need be (an earlier claim's deadline stands)."""
        async with self.uows().acting_as(actor) as uow:
            round_ = await storage.round_of(uow.session, year)
            if round_ is None:
                round_ = QualityRound(
                    year=year, deadline=deadline, opened_at=now_utc(), opened_by=actor_id(actor)
                )
                uow.session.add(round_)
                uow.audit(round_, "opened", deadline=deadline)
                try:
                    await uow.commit()
                except IntegrityError:
                    # Another process claimed it between our read and write (SQLite without the lock).
                    return await self._claim(year, deadline, actor)
            return round_

    async def _remind(self, today: date) -> int:
        sent = 0
        for round_ in [r for r in await self._fanned_out() if r.deadline >= today]:
            days = self.calendar.reminder_due(round_.deadline, today)
            if days is None:
                continue
            after = ""
            while True:
                async with self.uows() as uow:
                    reports = await storage.outstanding_after(uow.session, round_.year, after, BATCH)
                    if not reports:
                        break
                    after = reports[-1].id
                    reminded = await storage.reminded_among(uow.session, days, [r.id for r in reports])
                    copies = await copies_by_id(uow.session, [r.authorisation_id for r in reports])
                    now = now_utc()
                    for report in reports:
                        if report.id in reminded:
                            continue
                        copy = copies[report.authorisation_id]
                        uow.session.add(QualityReminder(report_id=report.id, days_before=days, sent_at=now))
                        uow.publish(
                            QualityReportReminderV1(
                                **copy.reference(),
                                report_id=report.id,
                                year=report.year,
                                deadline=report.deadline,
                                days_left=(report.deadline - today).days,
                            )
                        )
                        sent += 1
                    await uow.commit()
        return sent

    async def _mark_overdue(self, today: date) -> int:
        marked = 0
        for year in [r.year for r in await self._fanned_out() if r.deadline < today]:
            after = ""
            while True:
                async with self.uows().acting_as(OVERDUE_JOB) as uow:
                    reports = await storage.outstanding_after(
                        uow.session, year, after, BATCH, not_overdue=True
                    )
                    if not reports:
                        break
                    after = reports[-1].id
                    copies = await copies_by_id(uow.session, [r.authorisation_id for r in reports])
                    now = now_utc()
                    for report in reports:
                        copy = copies[report.authorisation_id]
                        report.overdue_at = now
                        uow.session.add(report)
                        uow.audit(report, "overdue")
                        uow.publish(
                            QualityReportOverdueV1(
                                **copy.reference(),
                                report_id=report.id,
                                year=report.year,
                                provider_name=copy.provider_name,
                                deadline=report.deadline,
                            )
                        )
                        marked += 1
                    await uow.commit()
        return marked

    async def _fanned_out(self) -> list[QualityRound]:
        """Every round whose requests are all made."""
        async with self.uows() as uow:
            return [r for r in await storage.rounds(uow.session) if r.fanned_out_at is not None]
