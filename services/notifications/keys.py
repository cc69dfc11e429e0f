"""App keys of the notifications service."""

from aiohttp import web

from services.notifications.bell import Bell
from services.notifications.streams import OpenStreams
from shared.service import ServiceRuntime

NOTIFICATIONS_KEY = web.AppKey("notifications", ServiceRuntime)
# The live inbox streams open in this process.
STREAMS_KEY = web.AppKey("notifications.streams", OpenStreams)
# Rung when this process committed inbox entries (services/notifications/bell.py).
BELL_KEY = web.AppKey("notifications.bell", Bell)
