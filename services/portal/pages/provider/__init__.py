"""A provider person's own pages: the start page with the live inbox, applying for an area, the applications
and authorisations, the decision letter."""

from aiohttp import web

from services.portal.pages.provider import (
    answers,
    applications,
    attachments,
    authorisations,
    inbox,
    person_in_charge,
    submit,
)

ROUTES: list[web.RouteTableDef] = [
    applications.routes,
    answers.routes,
    person_in_charge.routes,
    attachments.routes,
    submit.routes,
    authorisations.routes,
    inbox.routes,
]
