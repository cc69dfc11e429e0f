"""Another process of a service, as far as tokens go: its own engine on the service's database, its own
revocation list kept fresh from it, and its own token verifier watching that list."""

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass

from shared.auth.keys import SigningKeys
from shared.auth.revocation_list import RevocationList
from shared.auth.tokens import InvalidToken, LocalKeys, TokenVerifier
from shared.db import Timeouts
from shared.service import ServiceRuntime
from shared.settings import Settings


@dataclass
class Replica:
    verifier: TokenVerifier
    revocations: RevocationList

    async def refuses(self, token: str) -> bool:
        try:
            await self.verifier.verify(token)
        except InvalidToken:
            return True
        return False


@contextlib.asynccontextmanager
async def replica(
    settings: Settings, service: str, database_url: str | None = None, timeouts: Timeouts | None = None
) -> AsyncIterator[Replica]:
    """`database_url`: how this replica reaches the service's database (through a proxy, say)."""
    url = database_url or settings.database_url(service)
    runtime = ServiceRuntime.on_database(service, url, *([timeouts] if timeouts else []))
    keys = LocalKeys(SigningKeys.load_or_create(settings.keys_dir))
    verifier = TokenVerifier(keys, settings.token_issuer, settings.audience)
    revocations = runtime.revocation_list(settings)
    assert await revocations.refresh()
    verifier.watch(revocations)
    task = asyncio.create_task(revocations.run())
    try:
        yield Replica(verifier, revocations)
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        await runtime.engine.dispose()
