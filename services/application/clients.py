"""API clients: credentials for the client-credentials grant. Only a hash of a secret is kept."""

import hmac
import secrets
from datetime import datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from services.application.domain.credentials import hash_secret
from services.application.revocations import refuse_tokens
from services.application.storage.providers import ApiClient
from shared.auth.principal import KIND_OF_ROLE, Role
from shared.clock import now_utc
from shared.unit_of_work import UnitOfWork


def secret_matches(secret: str, stored_hash: str) -> bool:
    return hmac.compare_digest(hash_secret(secret), stored_hash)


async def issue_client(
    session: AsyncSession,
    role: Role,
    *,
    provider_id: str | None = None,
    areas: list[str] | None = None,
    label: str = "",
    client_id: str | None = None,
    secret: str | None = None,
) -> tuple[ApiClient, str]:
    """Adds a client to the session; answers it with its secret, which is not stored. Its tokens carry the
    scopes of `role` (shared/auth/principal.py), and the kind of token that role's holder gets."""
    secret = secret or secrets.token_urlsafe(32)
    kind = KIND_OF_ROLE[role]
    client = ApiClient(
        client_id=client_id or f"{kind.value}-{secrets.token_hex(8)}",
        secret_hash=hash_secret(secret),
        kind=kind.value,
        role=role.value,
        provider_id=provider_id,
        areas=areas or [],
        label=label,
        created_at=now_utc(),
    )
    session.add(client)
    return client, secret


async def revoke(uow: UnitOfWork, client: ApiClient) -> datetime:
    """The token endpoint refuses the client from now on, and, through its row in this database and the
    event to the other services, every service refuses the tokens it already has. Answers when."""
    revoked_at = now_utc()
    client.revoked_at = revoked_at
    uow.session.add(client)
    await refuse_tokens(uow, client.client_id, revoked_at)
    return revoked_at
