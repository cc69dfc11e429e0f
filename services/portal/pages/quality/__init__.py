"""The yearly quality report: filled and submitted by providers; the round and its reviews for staff."""

from aiohttp import web

from services.portal.pages.quality import reports, reviews, rounds

ROUTES: list[web.RouteTableDef] = [reports.routes, rounds.routes, reviews.routes]
