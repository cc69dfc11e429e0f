"""Serious deviations and follow-up requests: reported and answered by providers, handled by staff."""

from aiohttp import web

ROUTES: list[web.RouteTableDef] = []
