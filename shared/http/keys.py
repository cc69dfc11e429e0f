"""Every app and request key the shared HTTP layer uses, typed, in one place."""

from collections.abc import Awaitable, Callable

from aio_pika.abc import AbstractRobustConnection
from aiohttp import web

from shared.auth.principal import Principal
from shared.auth.tokens import TokenVerifier
from shared.http.routing import Route
from shared.idempotency.store import KeyStore
from shared.settings import Settings

ReadinessCheck = Callable[[], Awaitable[None]]

SETTINGS_KEY = web.AppKey("settings", Settings)
BROKER_KEY = web.AppKey("broker", AbstractRobustConnection)
VERIFIER_KEY = web.AppKey("verifier", TokenVerifier)
READINESS_KEY = web.AppKey("readiness", dict[str, ReadinessCheck])
ROUTES_KEY = web.AppKey("routes", list[Route])
PRINCIPAL_KEY = web.RequestKey("principal", Principal)
# The idempotency keys of each service run in this process, by service name.
KEY_STORES_KEY = web.AppKey("idempotency_key_stores", dict[str, KeyStore])
