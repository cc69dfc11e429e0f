"""The yearly quality report: filled and submitted by providers; the round and its reviews for staff."""

from aiohttp import web

ROUTES: list[web.RouteTableDef] = []
