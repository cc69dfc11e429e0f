"""App keys of the notifications service."""

from aiohttp import web

from services.notifications.actions.notify import Outlets
from services.notifications.bell import Bell
from services.notifications.streams import OpenStreams
from shared.service import ServiceRuntime

NOTIFICATIONS_KEY = web.AppKey("notifications", ServiceRuntime)
# The live inbox streams open in this process.
STREAMS_KEY = web.AppKey("notifications.streams", OpenStreams)
# Rung when this process committed inbox entries (services/notifications/bell.py).
BELL_KEY = web.AppKey("notifications.bell", Bell)
# What this process tells by, and how long work items take (WORK_ITEM_DUE_DAYS): the consumer's and the
# escalation job's, which tests also drive.
OUTLETS_KEY = web.AppKey("notifications.outlets", Outlets)
