"""Municipal staff's pages: the work queue, an application's review and decision, authorisations with warnings
and revocation, each case's history."""

from aiohttp import web

from services.portal.pages.staff import applications, authorisations, decision, history, start

ROUTES: list[web.RouteTableDef] = [
    start.routes,
    applications.routes,
    decision.routes,
    authorisations.routes,
    history.routes,
]
