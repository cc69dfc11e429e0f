"""A provider's yearly quality report: saved as a draft, submitted, and accepted or sent back by staff;
and the round's status."""

from sqlmodel.ext.asyncio.session import AsyncSession

from services.reporting.actions.callers import reported_authorisation
from services.reporting.domain.quality import (
    QualityReportContent,
    ReportStatus,
    ReviewOutcome,
    ensure_editable,
    ensure_submitted,
    missing_parts,
)
from services.reporting.schemas.quality import QualityReportQuery, ReviewIn
from services.reporting.storage import quality as storage
from services.reporting.storage.quality import QualityReport, QualityRound
from shared.auth.principal import Principal
from shared.clock import now_utc, stockholm_date
from shared.errors import InvalidInput, NotFound
from shared.events.reporting import (
    QualityReportAcceptedV1,
    QualityReportCompletionRequestedV1,
    QualityReportSubmittedV1,
)
from shared.free_text import STORED
from shared.pagination import Page
from shared.statutory_time import due_date_error
from shared.tenancy import own, visible
from shared.unit_of_work import UnitOfWork

ENTITY = "quality_report"


async def save_draft(
    uow: UnitOfWork, caller: Principal, report_id: str, content: QualityReportContent
) -> QualityReport:
    async with uow.acting_as(caller):
        report = await own(uow.session, caller, QualityReport, report_id, "quality report")
        ensure_editable(report.status)
        report.content = content.model_dump(mode="json")
        report.saved_at = now_utc()
        uow.session.add(report)
        uow.audit(report, "saved")
        await uow.commit()
    return report


async def submit(uow: UnitOfWork, caller: Principal, report_id: str) -> QualityReport:
    async with uow.acting_as(caller):
        report = await own(uow.session, caller, QualityReport, report_id, "quality report")
        ensure_editable(report.status)
        saved = QualityReportContent.model_validate(report.content, strict=False, context=STORED)
        missing = missing_parts(saved)
        if missing:
            raise InvalidInput(
                "The quality report is not complete; `missing` lists what it lacks.",
                current_status=report.status.value,
                missing=missing,
            )
        copy = await reported_authorisation(uow.session, report.authorisation_id)
        now = now_utc()
        report.status = ReportStatus.SUBMITTED
        report.submitted_at = now
        uow.session.add(report)
        uow.publish(
            QualityReportSubmittedV1(
                **copy.reference(),
                report_id=report.id,
                year=report.year,
                provider_name=copy.provider_name,
                submitted_at=now,
            )
        )
        await uow.commit()
    return report


async def review(uow: UnitOfWork, caller: Principal, report_id: str, command: ReviewIn) -> QualityReport:
    now = now_utc()
    if command.outcome is ReviewOutcome.COMPLETION_REQUESTED:
        errors = []
        if not command.note.strip():
            errors.append({"location": "note", "message": "say what to complete", "type": "missing"})
        if command.due_date is None:
            errors.append(
                {"location": "due_date", "message": "a date after today", "type": "date_not_future"}
            )
        elif due_error := due_date_error(command.due_date, stockholm_date(now), "due_date"):
            errors.append(due_error)
        if errors:
            raise InvalidInput("A request for completion says what to complete and by when.", errors=errors)
    async with uow.acting_as(caller):
        report = await visible(
            uow.session, caller, QualityReport, report_id, "quality report", for_update=True
        )
        ensure_submitted(report.status)
        copy = await reported_authorisation(uow.session, report.authorisation_id)
        common = {
            **copy.reference(),
            "report_id": report.id,
            "year": report.year,
        }
        report.status = ReportStatus(command.outcome.value)
        report.reviewed_by, report.reviewed_at, report.review_note = (
            caller.acting_id,
            now,
            command.note or None,
        )
        if command.outcome is ReviewOutcome.ACCEPTED:
            uow.publish(QualityReportAcceptedV1(**common, accepted_at=now))
        else:
            assert command.due_date is not None
            report.completion_due = command.due_date
            uow.publish(QualityReportCompletionRequestedV1(**common, due_date=command.due_date))
        uow.session.add(report)
        uow.audit(report, "reviewed")
        await uow.commit()
    return report


async def get(session: AsyncSession, caller: Principal, report_id: str) -> QualityReport:
    return await visible(session, caller, QualityReport, report_id, "quality report")


async def list_reports(
    session: AsyncSession, caller: Principal, query: QualityReportQuery
) -> Page[QualityReport]:
    return await storage.reports_for(
        session,
        caller.owning_provider(),
        caller.area_scope(),
        year=query.year,
        status=query.status,
        limit=query.limit,
        cursor=query.cursor,
    )


async def round_status(session: AsyncSession, year: int) -> tuple[QualityRound, dict[str, int]]:
    round_ = await storage.round_of(session, year)
    if round_ is None:
        raise NotFound(f"No quality-report round has been opened for {year}.")
    return round_, await storage.counts(session, year)


async def existing_round(session: AsyncSession, _caller: Principal, year: str) -> QualityRound:
    """The round of `year` as a path gives it; a year without one, or no year, is not found."""
    try:
        number = int(year)
    except ValueError:
        raise NotFound("No such quality-report round.") from None
    round_ = await storage.round_of(session, number)
    if round_ is None:
        raise NotFound("No such quality-report round.")
    return round_
