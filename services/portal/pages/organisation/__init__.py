"""An organisation's administration: people and invitations, API clients, webhooks with their delivery log,
notification preferences; and the municipality's staff and their roles, for a staff administrator."""

from aiohttp import web

from services.portal.pages.organisation import (
    clients,
    details,
    invitations,
    people,
    preferences,
    staff_people,
    webhooks,
)

ROUTES: list[web.RouteTableDef] = [
    details.routes,
    people.routes,
    invitations.routes,
    clients.routes,
    webhooks.routes,
    preferences.routes,
    staff_people.routes,
]
