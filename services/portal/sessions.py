"""A person's session in the portal: made when they begin to log in, given a new id once they have (so a
value planted before the login is worth nothing after it), ended after an idle and an absolute timeout."""

import base64
import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import orjson
from cryptography.fernet import Fernet, InvalidToken
from sqlmodel import col, delete, or_

from services.portal.storage.sessions import PortalSession
from shared.clock import now_utc
from shared.db import SessionFactory
from shared.settings import Settings

# Moving `seen_at` on every page would be a write per page; once a minute is enough for a timeout of minutes.
SEEN_GRANULARITY = timedelta(minutes=1)


def _hash(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


@dataclass(frozen=True)
class Tokens:
    access_token: str
    refresh_token: str
    expires_at: datetime


class Vault:
    """Encrypts what the session keeps of the person's credentials."""

    def __init__(self, key: bytes) -> None:
        # Fernet wants 32 bytes in URL-safe base64; the kept key may be any secret text.
        self._fernet = Fernet(base64.urlsafe_b64encode(hashlib.sha256(key).digest()))

    def seal(self, values: dict[str, Any]) -> str:
        return self._fernet.encrypt(orjson.dumps(values)).decode()

    def open(self, sealed: str | None) -> dict[str, Any]:
        if not sealed:
            return {}
        try:
            opened: dict[str, Any] = orjson.loads(self._fernet.decrypt(sealed.encode()))
        except InvalidToken:
            # A changed key: the session is as good as logged out.
            return {}
        return opened


class SessionStore:
    def __init__(self, writes: SessionFactory, settings: Settings, vault: Vault) -> None:
        self._writes = writes
        self._idle = timedelta(seconds=settings.portal_session_idle_s)
        self._absolute = timedelta(seconds=settings.portal_session_absolute_s)
        self._login_wait = timedelta(seconds=settings.login_request_lifetime_s)
        self.vault = vault

    async def find(self, cookie: str | None) -> PortalSession | None:
        """The live session the cookie names, its idle time moved on; None for none, or one timed out."""
        if not cookie or len(cookie) > 100:
            return None
        now = now_utc()
        async with self._writes() as db:
            row = await db.get(PortalSession, _hash(cookie))
            if row is None:
                return None
            if self._ended(row, now):
                await db.delete(row)
                await db.commit()
                return None
            if now - row.seen_at >= SEEN_GRANULARITY:
                row.seen_at = now
                db.add(row)
                await db.commit()
                await db.refresh(row)
            return row

    def _ended(self, row: PortalSession, now: datetime) -> bool:
        if now - row.seen_at > self._idle:
            return True
        if row.logged_in_at is None:
            return now - row.created_at > self._login_wait
        return now - row.logged_in_at > self._absolute

    async def begin_login(self, return_to: str, code_verifier: str) -> tuple[str, str]:
        """A new session waiting for the login to come back; answers its cookie and the login's state."""
        cookie, state = secrets.token_urlsafe(32), secrets.token_urlsafe(24)
        now = now_utc()
        row = PortalSession(
            id_hash=_hash(cookie),
            created_at=now,
            seen_at=now,
            csrf_token=secrets.token_urlsafe(32),
            vault=self.vault.seal({"code_verifier": code_verifier}),
            login_state_hash=_hash(state),
            return_to=return_to,
        )
        async with self._writes() as db:
            db.add(row)
            await db.commit()
        return cookie, state

    def login_verifier(self, row: PortalSession, state: str) -> str | None:
        """The PKCE verifier of the login under way, if `state` is the one it was sent with."""
        if row.login_state_hash is None or not secrets.compare_digest(row.login_state_hash, _hash(state)):
            return None
        verifier = self.vault.open(row.vault).get("code_verifier")
        return verifier if isinstance(verifier, str) else None

    async def finish_login(self, row: PortalSession, tokens: Tokens, person: dict[str, Any]) -> str:
        """Replaces the login's session by a logged-in one under a new cookie, which it answers."""
        cookie = secrets.token_urlsafe(32)
        now = now_utc()
        logged_in = PortalSession(
            id_hash=_hash(cookie),
            created_at=now,
            seen_at=now,
            logged_in_at=now,
            csrf_token=secrets.token_urlsafe(32),
            person=person,
            vault=self._sealed(tokens),
            access_expires_at=tokens.expires_at,
        )
        async with self._writes() as db:
            await db.exec(delete(PortalSession).where(col(PortalSession.id_hash) == row.id_hash))
            db.add(logged_in)
            await db.commit()
        return cookie

    def tokens(self, row: PortalSession) -> Tokens | None:
        opened = self.vault.open(row.vault)
        if "access_token" not in opened or row.access_expires_at is None:
            return None
        return Tokens(opened["access_token"], opened["refresh_token"], row.access_expires_at)

    async def keep_tokens(self, row: PortalSession, tokens: Tokens) -> None:
        async with self._writes() as db:
            stored = await db.get(PortalSession, row.id_hash)
            if stored is None:
                return
            stored.vault = self._sealed(tokens)
            stored.access_expires_at = tokens.expires_at
            db.add(stored)
            await db.commit()
        row.vault, row.access_expires_at = stored.vault, tokens.expires_at

    async def reread(self, row: PortalSession) -> PortalSession | None:
        async with self._writes() as db:
            return await db.get(PortalSession, row.id_hash)

    async def end(self, row: PortalSession) -> None:
        async with self._writes() as db:
            await db.exec(delete(PortalSession).where(col(PortalSession.id_hash) == row.id_hash))
            await db.commit()

    async def sweep(self) -> int:
        """Deletes every session past its timeouts; answers how many."""
        now = now_utc()
        async with self._writes() as db:
            result = await db.exec(
                delete(PortalSession).where(
                    or_(
                        col(PortalSession.seen_at) < now - self._idle,
                        col(PortalSession.logged_in_at) < now - self._absolute,
                        (col(PortalSession.logged_in_at).is_(None))
                        & (col(PortalSession.created_at) < now - self._login_wait),
                    )
                )
            )
            await db.commit()
            return int(result.rowcount or 0)

    def _sealed(self, tokens: Tokens) -> str:
        return self.vault.seal({"access_token": tokens.access_token, "refresh_token": tokens.refresh_token})
