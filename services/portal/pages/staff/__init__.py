"""Municipal staff's pages: the work queue, an application's review and decision, authorisations with warnings
and revocation, each case's history."""

from aiohttp import web

ROUTES: list[web.RouteTableDef] = []
