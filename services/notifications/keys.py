"""App keys of the notifications service."""

import asyncio

from aiohttp import web

from services.notifications.bell import Bell
from shared.service import ServiceRuntime

NOTIFICATIONS_KEY = web.AppKey("notifications", ServiceRuntime)
# The tasks serving live inbox streams, ended on shutdown.
STREAMS_KEY = web.AppKey("notifications.streams", set["asyncio.Task[object]"])
# Rung when this process committed inbox entries (services/notifications/bell.py).
BELL_KEY = web.AppKey("notifications.bell", Bell)
