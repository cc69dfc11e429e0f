"""HTTP handlers of the quality-report round and the reports."""

from aiohttp import web

from services.reporting.actions import quality_reports as actions
from services.reporting.domain.quality import QualityReportContent, ReportStatus, round_year
from services.reporting.keys import REPORTING_KEY, ROUND_JOBS_KEY
from services.reporting.schemas.quality import (
    QualityReportList,
    QualityReportOut,
    QualityReportQuery,
    ReviewIn,
    RoundIn,
    RoundList,
    RoundOut,
)
from services.reporting.storage import quality as storage
from services.reporting.storage.quality import QualityReport, QualityRound
from shared.clock import ensure_future, now_utc, stockholm_date
from shared.errors import InvalidInput
from shared.free_text import STORED
from shared.http.requests import json_body, principal, query_params
from shared.http.responses import json_response
from shared.pagination import PageQuery
from shared.statutory_time import ensure_due_date


def report_out(report: QualityReport) -> QualityReportOut:
    return QualityReportOut(
        **report.model_dump(exclude={"content"}),
        content=QualityReportContent.model_validate(report.content, strict=False, context=STORED),
        overdue=report.overdue_at is not None and report.status is ReportStatus.REQUESTED,
    )


def round_out(round_: QualityRound, counts: dict[str, int]) -> RoundOut:
    return RoundOut(
        year=round_.year,
        deadline=round_.deadline,
        opened_at=round_.opened_at,
        opened_by=round_.opened_by,
        complete=round_.fanned_out_at is not None,
        **counts,
    )


async def open_round(request: web.Request) -> web.Response:
    command = await json_body(request, RoundIn)
    jobs = request.app[ROUND_JOBS_KEY]
    today = stockholm_date(now_utc())
    if command.year >= today.year:
        raise InvalidInput(
            "A round reports on a year that has ended.",
            errors=[{"location": "year", "message": f"before {today.year}", "type": "year_not_ended"}],
        )
    if command.deadline is not None:
        ensure_due_date(command.deadline, today, "deadline")
    deadline = command.deadline or jobs.calendar.deadline_of(command.year)
    ensure_future(deadline, today, "deadline")
    opened = await jobs.open_by_hand(command.year, deadline, principal(request))
    async with request.app[REPORTING_KEY].reads() as session:
        counts = await storage.counts(session, opened.year)
    return json_response(
        round_out(opened, counts), status=201, headers={"Location": f"/quality-rounds/{opened.year}"}
    )


async def list_rounds(request: web.Request) -> web.Response:
    query = query_params(request, PageQuery)
    async with request.app[REPORTING_KEY].reads() as session:
        page = await storage.round_page(session, limit=query.limit, cursor=query.cursor)
        rounds = [round_out(r, await storage.counts(session, r.year)) for r in page.items]
    return json_response(RoundList(items=rounds, next_cursor=page.next_cursor))


async def get_round(request: web.Request) -> web.Response:
    year = round_year(request.match_info["year"])
    async with request.app[REPORTING_KEY].reads() as session:
        round_, counts = await actions.round_status(session, year)
    return json_response(round_out(round_, counts))


async def list_reports(request: web.Request) -> web.Response:
    query = query_params(request, QualityReportQuery)
    async with request.app[REPORTING_KEY].reads() as session:
        page = await actions.list_reports(session, principal(request), query)
    return json_response(
        QualityReportList(items=[report_out(r) for r in page.items], next_cursor=page.next_cursor)
    )


async def get_report(request: web.Request) -> web.Response:
    async with request.app[REPORTING_KEY].reads() as session:
        report = await actions.get(session, principal(request), request.match_info["id"])
    return json_response(report_out(report))


async def save_report(request: web.Request) -> web.Response:
    content = await json_body(request, QualityReportContent)
    report = await actions.save_draft(
        request.app[REPORTING_KEY].uow(), principal(request), request.match_info["id"], content
    )
    return json_response(report_out(report))


async def submit_report(request: web.Request) -> web.Response:
    report = await actions.submit(
        request.app[REPORTING_KEY].uow(), principal(request), request.match_info["id"]
    )
    return json_response(report_out(report))


async def review_report(request: web.Request) -> web.Response:
    command = await json_body(request, ReviewIn)
    report = await actions.review(
        request.app[REPORTING_KEY].uow(), principal(request), request.match_info["id"], command
    )
    return json_response(report_out(report))
