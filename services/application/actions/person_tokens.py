"""A person's tokens at the token endpoint: a code exchanged (its PKCE verifier checked), and refresh tokens
that rotate, each used once, a family of them ended whole when one is used twice (RFC 9700 §4.14.2)."""

import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from services.application.actions.login_context import Login
from services.application.actions.people import standing_of
from services.application.domain.credentials import hash_secret
from services.application.domain.login import (
    verifier_matches,
)
from services.application.domain.people import NoStanding, Standing
from services.application.revocations import refuse_tokens
from services.application.storage.login import (
    AuthorizationCode,
    RefreshToken,
    mark_used,
    revoke_family,
)
from services.application.storage.people import Person
from shared.clock import now_utc
from shared.settings import LoginClient
from shared.unit_of_work import UnitOfWork


class GrantError(Exception):
    """An RFC 6749 §5.2 error of the token endpoint."""

    def __init__(self, error: str, description: str, status: int = 400) -> None:
        super().__init__(description)
        self.error = error
        self.description = description
        self.status = status


@dataclass(frozen=True)
class PersonGrant:
    """A person's standing as one token carries it: what the token generator makes claims of."""

    person: Person
    standing: Standing
    family_id: str

    def get_user_id(self) -> str:
        return self.person.id


@dataclass(frozen=True)
class Tokens:
    grant: PersonGrant
    client: LoginClient
    refresh_token: str


def authenticated_client(login: Login, client_id: str | None, secret: str | None) -> LoginClient:
    """A confidential client proves itself with its secret; a public one has none and is bound by PKCE."""
    client = login.client(client_id) if client_id else None
    if client is None or (client.secret is not None and not _same(secret, client.secret)):
        raise GrantError("invalid_client", "Client authentication failed.", status=401)
    if client.secret is None and secret:
        raise GrantError("invalid_client", "Client authentication failed.", status=401)
    return client


def _same(given: str | None, known: str) -> bool:
    return given is not None and secrets.compare_digest(given.encode(), known.encode())


async def exchange_code(login: Login, client: LoginClient, form: Mapping[str, Any]) -> Tokens:
    code, redirect_uri, verifier = form.get("code"), form.get("redirect_uri"), form.get("code_verifier")
    if not isinstance(code, str) or not code or len(code) > 200:
        raise GrantError("invalid_request", "code is required.")
    now = now_utc()
    async with login.runtime.uow() as uow:
        row = await uow.session.get(AuthorizationCode, hash_secret(code))
        if row is None or row.client_id != client.client_id:
            raise GrantError("invalid_grant", "The code is not valid.")
        if not await mark_used(uow.session, AuthorizationCode, row.code_hash, now):
            # A code used twice was stolen or replayed: what it gave is revoked (RFC 6749 §4.1.2).
            await _revoke_family(uow, row.family_id, now)
            await uow.commit()
            raise GrantError("invalid_grant", "The code was already used.")
        await uow.commit()
    if row.expires_at <= now:
        raise GrantError("invalid_grant", "The code has expired.")
    if redirect_uri != row.redirect_uri:
        raise GrantError("invalid_grant", "The redirect_uri differs from the authorization request's.")
    if not isinstance(verifier, str) or not verifier_matches(verifier, row.code_challenge):
        raise GrantError("invalid_grant", "The code_verifier does not match the code_challenge.")
    return await _new_tokens(
        login,
        client,
        row.person_id,
        row.organisation_number,
        row.family_id,
        now + timedelta(seconds=login.settings.refresh_token_lifetime_s),
    )


async def refresh(login: Login, client: LoginClient, form: Mapping[str, Any]) -> Tokens:
    token = form.get("refresh_token")
    if not isinstance(token, str) or not token or len(token) > 200:
        raise GrantError("invalid_request", "refresh_token is required.")
    now = now_utc()
    async with login.runtime.uow() as uow:
        row = await uow.session.get(RefreshToken, hash_secret(token))
        if row is None or row.client_id != client.client_id:
            raise GrantError("invalid_grant", "The refresh token is not valid.")
        if row.revoked_at is not None or row.expires_at <= now:
            raise GrantError("invalid_grant", "The refresh token has expired or was revoked.")
        if not await mark_used(uow.session, RefreshToken, row.token_hash, now):
            # Each refresh token is used once; a second use means two holders, one of them a thief. Neither
            # can tell which, so the whole family ends and the person logs in again (RFC 9700 §4.14.2).
            await _revoke_family(uow, row.family_id, now)
            await uow.commit()
            raise GrantError("invalid_grant", "The refresh token was already used; its login has ended.")
        await uow.commit()
    return await _new_tokens(
        login, client, row.person_id, row.organisation_number, row.family_id, row.expires_at
    )


async def _revoke_family(uow: UnitOfWork, family_id: str, at: datetime) -> None:
    await revoke_family(uow.session, family_id, at)
    # The access tokens of the family carry its id as `sid`: every service refuses them from now on.
    await refuse_tokens(uow, family_id, at)


async def _new_tokens(
    login: Login,
    client: LoginClient,
    person_id: str,
    organisation_number: str | None,
    family_id: str,
    ends: datetime,
) -> Tokens:
    refresh_token = secrets.token_urlsafe(32)
    now = now_utc()
    async with login.runtime.uow() as uow:
        person = await uow.session.get(Person, person_id)
        if person is None:
            raise GrantError("invalid_grant", "The person is no longer known.")
        try:
            standing = await standing_of(uow.session, person, organisation_number)
        except NoStanding as exc:
            raise GrantError("invalid_grant", str(exc)) from exc
        uow.session.add(
            RefreshToken(
                token_hash=hash_secret(refresh_token),
                family_id=family_id,
                client_id=client.client_id,
                person_id=person.id,
                organisation_number=standing.organisation_number,
                created_at=now,
                expires_at=ends,
            )
        )
        await uow.commit()
    return Tokens(PersonGrant(person, standing, family_id), client, refresh_token)
