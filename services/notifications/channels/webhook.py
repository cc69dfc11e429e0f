"""Webhook messages: signed per Standard Webhooks and POSTed to the subscriber's URL, never to an address
inside the municipality's network unless configuration allows it."""

import socket
import time
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit

import aiohttp
from aiohttp.abc import AbstractResolver, ResolveResult
from aiohttp.resolver import DefaultResolver

from services.notifications.channels.outcome import Outcome
from services.notifications.domain.webhooks import is_ip_literal, is_private, message_id, signed_headers
from services.notifications.storage.deliveries import Delivery
from shared.settings import Settings


class PublicOnlyResolver(AbstractResolver):
    """Answers only public addresses. Checking at connection time, not just when subscribing, stops a
    host whose DNS later points inside the network (DNS rebinding)."""

    def __init__(self) -> None:
        self._resolver = DefaultResolver()

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        public = [r for r in await self._resolver.resolve(host, port, family) if not is_private(r["host"])]
        if not public:
            raise OSError(f"{host} resolves only to private addresses")
        return public

    async def close(self) -> None:
        await self._resolver.close()


class WebhookSender:
    def __init__(self, settings: Settings) -> None:
        self._allow_private = settings.webhook_allow_private_addresses
        self._timeout = aiohttp.ClientTimeout(total=settings.delivery_timeout_s)
        resolver = None if self._allow_private else PublicOnlyResolver()
        self._session = aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(resolver=resolver, limit=settings.delivery_concurrency),
            headers={"User-Agent": "kundval-portal-webhooks"},
        )

    async def close(self) -> None:
        await self._session.close()

    async def send(self, delivery: Delivery, url: str, secrets: Sequence[str]) -> Outcome:
        host = urlsplit(url).hostname or ""
        # An address written in the URL never reaches a resolver: check it here.
        if not self._allow_private and is_ip_literal(host) and is_private(host.strip("[]")):
            return Outcome(False, error=f"{host} is a private address")
        headers = signed_headers(secrets, message_id(delivery.id), int(time.time()), delivery.body)
        try:
            async with self._session.post(
                url,
                data=delivery.body.encode(),
                headers=headers,
                timeout=self._timeout,
                allow_redirects=False,
            ) as response:
                await response.read()
                if 200 <= response.status < 300:
                    return Outcome(True, status_code=response.status)
                return Outcome(
                    False,
                    status_code=response.status,
                    error=f"HTTP {response.status}",
                    retry_after=response.headers.get("Retry-After"),
                )
        except (aiohttp.ClientError, OSError, TimeoutError) as error:
            return Outcome(False, error=_describe(error))


def _describe(error: Any) -> str:
    if isinstance(error, TimeoutError):
        return "no answer in time"
    return f"{type(error).__name__}: {error}"[:500]
