"""Changes of the person in charge and their absences: reported by providers, decided by staff."""

from aiohttp import web

ROUTES: list[web.RouteTableDef] = []
