"""An organisation's administration: people and invitations, API clients, webhooks with their delivery log,
notification preferences."""

from aiohttp import web

ROUTES: list[web.RouteTableDef] = []
