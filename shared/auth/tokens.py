"""Verifying RFC 9068 access tokens, the same way in every service."""

import asyncio
import time
from collections import OrderedDict
from datetime import datetime
from typing import Protocol

import aiohttp
from joserfc import jwt
from joserfc.errors import InvalidKeyIdError, JoseError
from joserfc.jwk import KeySet

from shared.auth.keys import SIGNING_ALGORITHM, SigningKeys
from shared.auth.principal import Kind, Principal, Role
from shared.auth.revocation_list import Listener, RevocationList

ACCESS_TOKEN_TYPES = frozenset({"at+jwt", "application/at+jwt"})
CLOCK_LEEWAY_S = 30


class InvalidToken(Exception):
    pass


class KeySource(Protocol):
    async def key_set(self, *, refresh: bool = False) -> KeySet: ...


class LocalKeys:
    """For a process that holds the signing keys itself."""

    def __init__(self, keys: SigningKeys) -> None:
        self._key_set = keys.public_key_set()

    async def key_set(self, *, refresh: bool = False) -> KeySet:
        return self._key_set


class RemoteJwks:
    """A JWKS fetched over HTTP and cached; an unknown `kid` refetches it, at most every `min_refetch_s`."""

    def __init__(self, url: str, ttl_s: float = 600, min_refetch_s: float = 30) -> None:
        self._url = url
        self._ttl_s = ttl_s
        self._min_refetch_s = min_refetch_s
        self._keys: KeySet | None = None
        self._fetched_at = 0.0
        self._lock = asyncio.Lock()

    async def key_set(self, *, refresh: bool = False) -> KeySet:
        age = time.monotonic() - self._fetched_at
        if self._keys is not None and age < self._ttl_s and not (refresh and age > self._min_refetch_s):
            return self._keys
        async with self._lock:
            age = time.monotonic() - self._fetched_at
            if self._keys is None or age >= self._ttl_s or (refresh and age > self._min_refetch_s):
                try:
                    async with (
                        aiohttp.ClientSession() as session,
                        session.get(self._url, timeout=aiohttp.ClientTimeout(total=5)) as response,
                    ):
                        response.raise_for_status()
                        self._keys = KeySet.import_key_set(await response.json())
                    self._fetched_at = time.monotonic()
                except (aiohttp.ClientError, TimeoutError, ValueError) as exc:
                    if self._keys is None:
                        raise InvalidToken(f"signing keys unavailable: {exc!r}") from exc
        return self._keys


# Verified tokens kept, so a client's next request with the same token skips the RSA check.
VERIFIED_CACHE_SIZE = 4096


class TokenVerifier:
    """Verifies access tokens locally. A token, once verified, is remembered until its `exp`: it cannot
    change, and checking its signature again is the largest cost of a small authenticated request. Whether
    its client was revoked can change, so that is checked every time, against the revocation lists of the
    services in this process (in memory, refreshed from their databases)."""

    def __init__(self, keys: KeySource, issuer: str, audience: str) -> None:
        self._keys = keys
        self._verified: OrderedDict[str, tuple[Principal, float]] = OrderedDict()
        self._revocations: list[RevocationList] = []
        self._listeners: list[Listener] = []
        self._claims = jwt.JWTClaimsRegistry(
            leeway=CLOCK_LEEWAY_S,
            iss={"essential": True, "value": issuer},
            aud={"essential": True, "value": audience},
            exp={"essential": True},
            sub={"essential": True},
            client_id={"essential": True},
        )

    def watch(self, revocations: RevocationList) -> None:
        """Tokens of the clients `revocations` names are refused from now on."""
        self._revocations.append(revocations)
        revocations.on_revoked(self._revoked)

    def on_revoked(self, listener: Listener) -> None:
        """`listener` is told of every client any watched list learns was revoked (open streams end)."""
        self._listeners.append(listener)

    def note_revoked(self, client_id: str, revoked_at: datetime) -> None:
        """A revocation this process made: refused here at once, not at the next refresh."""
        for revocations in self._revocations:
            revocations.note(client_id, revoked_at)

    def _revoked(self, client_id: str) -> None:
        for listener in self._listeners:
            listener(client_id)

    def refuses(self, principal: Principal) -> bool:
        """Whether the client of `principal` was revoked since its token was issued."""
        # A token without `iat` is taken as issued long ago: any revocation of its client refuses it.
        issued_at = principal.issued_at or 0.0
        # A person's token is also refused by a revocation of the person (`sub`): a role taken away.
        keys = {principal.client_id, principal.subject} - {""}
        return any(r.refuses(key, issued_at) for r in self._revocations for key in keys)

    async def verify(self, token: str) -> Principal:
        remembered = self._verified.get(token)
        if remembered is not None and time.time() < remembered[1]:
            self._verified.move_to_end(token)
            if self.refuses(remembered[0]):
                raise InvalidToken("the client was revoked")
            return remembered[0]
        try:
            decoded = await self._decode(token)
            if str(decoded.header.get("typ", "")).lower() not in ACCESS_TOKEN_TYPES:
                raise InvalidToken("not an access token (typ)")
            self._claims.validate(decoded.claims)
            principal = principal_from_claims(decoded.claims)
        except (JoseError, ValueError, KeyError, TypeError) as exc:
            raise InvalidToken(str(exc) or exc.__class__.__name__) from exc
        if self.refuses(principal):
            raise InvalidToken("the client was revoked")
        self._remember(token, principal, float(decoded.claims["exp"]))
        return principal

    def _remember(self, token: str, principal: Principal, expires_at: float) -> None:
        self._verified[token] = (principal, expires_at)
        if len(self._verified) > VERIFIED_CACHE_SIZE:
            self._verified.popitem(last=False)

    async def _decode(self, token: str) -> jwt.Token:
        # Only the one asymmetric algorithm is allowed: `none` and HMAC tokens are refused before any key
        # is used.
        try:
            return jwt.decode(token, await self._keys.key_set(), algorithms=[SIGNING_ALGORITHM])
        except InvalidKeyIdError:
            return jwt.decode(token, await self._keys.key_set(refresh=True), algorithms=[SIGNING_ALGORITHM])


def principal_from_claims(claims: dict[str, object]) -> Principal:
    kind = Kind(str(claims["kind"]))
    scopes = frozenset(str(claims.get("scope") or "").split())
    areas = claims.get("areas") or []
    if not isinstance(areas, list):
        raise ValueError("areas must be a list")
    provider_id = claims.get("provider_id")
    org = claims.get("org")
    if kind is Kind.PROVIDER and not (isinstance(provider_id, str) and isinstance(org, str)):
        raise ValueError("a provider token names its provider")
    return Principal(
        kind=kind,
        client_id=str(claims["client_id"]),
        scopes=scopes,
        provider_id=provider_id if isinstance(provider_id, str) else None,
        organisation_number=org if isinstance(org, str) else None,
        areas=frozenset(str(a) for a in areas),
        expires_at=float(str(claims["exp"])) if "exp" in claims else None,
        issued_at=float(str(claims["iat"])) if "iat" in claims else None,
        subject=str(claims.get("sub") or claims["client_id"]),
        person_id=_text_claim(claims, "person_id"),
        name=_text_claim(claims, "name"),
        role=Role(str(claims["role"])) if claims.get("role") else None,
    )


def _text_claim(claims: dict[str, object], name: str) -> str | None:
    value = claims.get(name)
    if value is not None and not isinstance(value, str):
        raise ValueError(f"{name} must be a string")
    return value
