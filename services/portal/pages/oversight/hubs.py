"""The "Reports" section of each kind of person: where every kind of report and request is found."""

from aiohttp import web

from services.portal.i18n import N_
from services.portal.person import as_person
from services.portal.rendering import render

routes = web.RouteTableDef()

# (address, name, what it is for); each kind of person's menu leads here.
PROVIDER_REPORTS = (
    (
        "/portal/deviations",
        N_("Serious deviations"),
        N_("Report serious complaints, errors, deficiencies and deviations, and follow their handling."),
    ),
    (
        "/portal/follow-ups",
        N_("Follow-up requests"),
        N_("Answer the municipality's questions by their due dates."),
    ),
    (
        "/portal/manager-changes",
        N_("Manager changes"),
        N_("Report a new person in charge for the municipality's approval."),
    ),
    (
        "/portal/manager-absences",
        N_("Manager absences"),
        N_("Report who stands in while the person in charge is away."),
    ),
    ("/portal/quality-reports", N_("Quality reports"), N_("Fill in and submit the yearly quality report.")),
)
STAFF_REPORTS = (
    (
        "/portal/staff/deviations",
        N_("Serious deviations"),
        N_("Acknowledge and close the deviations providers report."),
    ),
    (
        "/portal/staff/follow-ups",
        N_("Follow-up requests"),
        N_("Ask a provider for information by a due date, and read the answers."),
    ),
    ("/portal/staff/manager-changes", N_("Manager changes"), N_("Approve or reject a new person in charge.")),
    (
        "/portal/staff/manager-absences",
        N_("Manager absences"),
        N_("Who stands in while a person in charge is away."),
    ),
    (
        "/portal/staff/quality-rounds",
        N_("Quality round"),
        N_("The yearly quality reports, with their counts."),
    ),
)


@routes.get("/reports")
async def provider_reports(request: web.Request) -> web.Response:
    as_person(request)  # a page for people logged in: the login first
    return render(request, "pages/oversight/reports.html", {"sections": PROVIDER_REPORTS})


@routes.get("/staff/reports")
async def staff_reports(request: web.Request) -> web.Response:
    as_person(request)
    return render(request, "pages/oversight/reports.html", {"sections": STAFF_REPORTS})
