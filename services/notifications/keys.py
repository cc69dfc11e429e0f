"""App keys of the notifications service."""

from aiohttp import web

from shared.service import ServiceRuntime

NOTIFICATIONS_KEY = web.AppKey("notifications", ServiceRuntime)
