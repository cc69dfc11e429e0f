"""Serious deviations and follow-up requests: reported and answered by providers, handled by staff."""

from aiohttp import web

from services.portal.pages.oversight import (
    deviations,
    follow_ups,
    hubs,
    staff_deviations,
    staff_follow_ups,
)

ROUTES: list[web.RouteTableDef] = [
    hubs.routes,
    deviations.routes,
    follow_ups.routes,
    staff_deviations.routes,
    staff_follow_ups.routes,
]
