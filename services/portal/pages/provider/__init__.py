"""A provider person's own pages: the start page with the live inbox, applying for an area, the applications
and authorisations, the decision letter."""

from aiohttp import web

ROUTES: list[web.RouteTableDef] = []
