"""The upstream OpenID Connect providers that vouch for people, with Authlib as the relying party.

Authlib's OAuth client builds the authorization URL (state, nonce, PKCE S256) and exchanges the code; the ID
token is then verified here against the provider's published keys, since Authlib's OpenID client helpers are
tied to Flask, Django and Starlette sessions. Discovery and keys are fetched once and kept; keys are fetched
again when a token names one not yet seen (the provider rotated them)."""

import asyncio
from dataclasses import dataclass
from typing import Any

import httpx2
from authlib.integrations.httpx_client import AsyncOAuth2Client, OAuthError
from joserfc import jwt
from joserfc.errors import InvalidKeyIdError, JoseError
from joserfc.jwk import KeySet

from shared.auth.tokens import InvalidToken, RemoteJwks
from shared.settings import Upstream

UPSTREAM_TIMEOUT_S = 10
ID_TOKEN_LEEWAY_S = 60
# Asymmetric algorithms only: an HMAC-signed ID token would be keyed by our own client secret, and `none`
# is no signature at all.
ID_TOKEN_ALGORITHMS = (
    "RS256",
    "RS384",
    "RS512",
    "PS256",
    "PS384",
    "PS512",
    "ES256",
    "ES384",
    "ES512",
    "EdDSA",
)
KEYS_REFETCH_AFTER_S = 30


class UpstreamError(Exception):
    """The upstream provider could not be reached or answered what we cannot use."""


class UnverifiedIdentity(Exception):
    """An ID token that failed verification: nobody is logged in by it."""


@dataclass(frozen=True)
class Discovery:
    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str
    end_session_endpoint: str | None


class UpstreamProvider:
    def __init__(self, name: str, config: Upstream) -> None:
        self.name = name
        self.config = config
        self._discovery: Discovery | None = None
        self._keys: RemoteJwks | None = None
        self._lock = asyncio.Lock()

    async def discovery(self) -> Discovery:
        if self._discovery is None:
            async with self._lock:
                if self._discovery is None:
                    self._discovery = await self._discover()
        return self._discovery

    async def authorization_url(self, redirect_uri: str, state: str, nonce: str, code_verifier: str) -> str:
        found = await self.discovery()
        async with self._client(redirect_uri) as client:
            url, _ = client.create_authorization_url(
                found.authorization_endpoint, state=state, nonce=nonce, code_verifier=code_verifier
            )
        return str(url)

    async def identity(self, code: str, redirect_uri: str, code_verifier: str, nonce: str) -> dict[str, Any]:
        """Exchanges the code and answers the verified ID token's claims."""
        found = await self.discovery()
        try:
            async with self._client(redirect_uri) as client:
                token = await client.fetch_token(
                    found.token_endpoint,
                    grant_type="authorization_code",
                    code=code,
                    code_verifier=code_verifier,
                )
        except (OAuthError, httpx2.HTTPError, ValueError) as exc:
            raise UpstreamError(f"the code exchange failed: {exc.__class__.__name__}") from exc
        id_token = token.get("id_token")
        if not isinstance(id_token, str):
            raise UnverifiedIdentity("the upstream answered no ID token")
        return await self._verified(id_token, found, nonce)

    async def end_session_url(self, back_to: str | None = None) -> str | None:
        """Where the browser ends its session at the upstream too, where the provider offers that; it sends
        the browser on to `back_to`, or else to the configured address (each registered there)."""
        try:
            found = await self.discovery()
        except UpstreamError:
            return None
        if found.end_session_endpoint is None:
            return None
        back = back_to or self.config.post_logout_redirect_uri
        query = httpx2.QueryParams(
            {"client_id": self.config.client_id} | ({"post_logout_redirect_uri": back} if back else {})
        )
        return f"{found.end_session_endpoint}?{query}"

    def _client(self, redirect_uri: str) -> AsyncOAuth2Client:
        return AsyncOAuth2Client(
            client_id=self.config.client_id,
            client_secret=self.config.client_secret,
            scope=self.config.scope,
            redirect_uri=redirect_uri,
            code_challenge_method="S256",
            timeout=UPSTREAM_TIMEOUT_S,
        )

    async def _discover(self) -> Discovery:
        url = self.config.issuer.rstrip("/") + "/.well-known/openid-configuration"
        document = await self._get_json(url)
        try:
            found = Discovery(
                issuer=str(document["issuer"]),
                authorization_endpoint=str(document["authorization_endpoint"]),
                token_endpoint=str(document["token_endpoint"]),
                jwks_uri=str(document["jwks_uri"]),
                end_session_endpoint=(
                    str(document["end_session_endpoint"]) if document.get("end_session_endpoint") else None
                ),
            )
        except (KeyError, TypeError) as exc:
            raise UpstreamError(f"the discovery document lacks {exc}") from exc
        # OpenID Connect Discovery §4.3: the document must name the issuer it was fetched for.
        if found.issuer.rstrip("/") != self.config.issuer.rstrip("/"):
            raise UpstreamError("the discovery document names another issuer")
        return found

    async def _key_set(self, found: Discovery, *, refresh: bool) -> KeySet:
        # The provider's keys are fetched and kept as our own services keep ours, fetched again for a key not
        # yet seen (the provider rotated them).
        if self._keys is None:
            self._keys = RemoteJwks(found.jwks_uri, min_refetch_s=KEYS_REFETCH_AFTER_S)
        try:
            return await self._keys.key_set(refresh=refresh)
        except InvalidToken as exc:
            raise UpstreamError("the provider's keys could not be read") from exc

    async def _verified(self, id_token: str, found: Discovery, nonce: str) -> dict[str, Any]:
        try:
            try:
                decoded = jwt.decode(
                    id_token, await self._key_set(found, refresh=False), list(ID_TOKEN_ALGORITHMS)
                )
            except InvalidKeyIdError:
                decoded = jwt.decode(
                    id_token, await self._key_set(found, refresh=True), list(ID_TOKEN_ALGORITHMS)
                )
            claims: dict[str, Any] = dict(decoded.claims)
            jwt.JWTClaimsRegistry(
                leeway=ID_TOKEN_LEEWAY_S,
                iss={"essential": True, "value": found.issuer},
                aud={"essential": True, "value": self.config.client_id},
                exp={"essential": True},
                iat={"essential": True},
                sub={"essential": True},
                nonce={"essential": True, "value": nonce},
            ).validate(claims)
        except (JoseError, ValueError, TypeError) as exc:
            raise UnverifiedIdentity(exc.__class__.__name__) from exc
        # OpenID Connect Core §3.1.3.7: with several audiences, the token must have been issued to us.
        audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
        if len(audiences) > 1 and claims.get("azp") != self.config.client_id:
            raise UnverifiedIdentity("issued to another party (azp)")
        return claims

    async def _get_json(self, url: str) -> dict[str, Any]:
        try:
            async with httpx2.AsyncClient(timeout=UPSTREAM_TIMEOUT_S) as client:
                response = await client.get(url)
                response.raise_for_status()
                document = response.json()
        except (httpx2.HTTPError, ValueError) as exc:
            raise UpstreamError(f"{url} could not be read: {exc.__class__.__name__}") from exc
        if not isinstance(document, dict):
            raise UpstreamError(f"{url} is not a JSON object")
        return document
