"""Changes of the person in charge and their absences: reported by providers, decided by staff."""

from aiohttp import web

from services.portal.pages.managers import absences, changes, decisions

ROUTES: list[web.RouteTableDef] = [changes.routes, absences.routes, decisions.routes]
