"""A real OpenID Connect provider for the tests (`oidc-provider-mock`), on a free loopback port in a thread of
the test process, and what a person's browser does with it and with our authorization server."""

import base64
import hashlib
import secrets
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlsplit

import aiohttp
import httpx2
from aiohttp import web
from aiohttp.test_utils import unused_port
from joserfc.jwk import RSAKey
from oidc_provider_mock import run_server_in_thread

from services.application.actions.staff import grant_staff
from shared.settings import Upstream
from tests.support.system import System

CLI = "kundval-cli"
CLI_REDIRECT = "http://127.0.0.1:8765/callback"


@dataclass
class IdentityProvider:
    issuer: str

    def upstream(self, client_id: str) -> Upstream:
        return Upstream(issuer=self.issuer, client_id=client_id, client_secret="upstream-secret")

    def put_user(self, sub: str, claims: dict[str, Any]) -> None:
        """The person the provider vouches for when someone logs in as `sub`: every claim given, standard or
        not, goes into the ID token as it is (the provider's own `aud`, `exp` and `nonce` too)."""
        response = httpx2.put(f"{self.issuer}/users/{sub}", json=claims, timeout=10)
        assert response.status_code == 204, response.text


@contextmanager
def identity_provider() -> Iterator[IdentityProvider]:
    with run_server_in_thread(port=0, require_nonce=True) as server:
        yield IdentityProvider(f"http://localhost:{server.server_port}")


def pkce() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    return verifier, challenge


def query_of(location: str) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(location).query).items()}


class Browser:
    """A person's browser: its own cookies, following the login's redirects one at a time so a test can look
    at (or tamper with) each step."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.session = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))

    async def close(self) -> None:
        await self.session.close()

    async def get(self, url: str) -> aiohttp.ClientResponse:
        async with self.session.get(url, allow_redirects=False) as response:
            await response.read()
            return response

    async def authorize(self, challenge: str, **params: str) -> aiohttp.ClientResponse:
        query = {
            "response_type": "code",
            "client_id": CLI,
            "redirect_uri": CLI_REDIRECT,
            "code_challenge": challenge,
            "code_challenge_method": "S256",
            "state": "client-state",
            **params,
        }
        async with self.session.get(
            f"{self.base_url}/oauth/authorize", params=query, allow_redirects=False
        ) as response:
            await response.read()
            return response

    async def log_in_upstream(self, upstream_url: str, sub: str) -> str:
        """The person logs in at the upstream provider; answers where it sends them back (our callback)."""
        async with self.session.post(upstream_url, data={"sub": sub}, allow_redirects=False) as response:
            assert response.status == 302, await response.text()
            return response.headers["Location"]

    async def full_login(self, sub: str, **params: str) -> tuple[str, str]:
        """The whole code flow up to the client's redirect URI; answers the code and the PKCE verifier."""
        verifier, challenge = pkce()
        sent = await self.authorize(challenge, **params)
        assert sent.status == 302, await sent.text()
        callback = await self.log_in_upstream(sent.headers["Location"], sub)
        back = await self.get(callback)
        assert back.status == 302, await back.text()
        answer = query_of(back.headers["Location"])
        assert "code" in answer, answer
        return answer["code"], verifier

    async def token(self, **form: str) -> tuple[int, dict[str, Any]]:
        async with self.session.post(f"{self.base_url}/oauth/token", data=form) as response:
            return response.status, await response.json()

    async def exchange(
        self, code: str, verifier: str, redirect_uri: str = CLI_REDIRECT
    ) -> tuple[int, dict[str, Any]]:
        return await self.token(
            grant_type="authorization_code",
            code=code,
            code_verifier=verifier,
            redirect_uri=redirect_uri,
            client_id=CLI,
        )

    async def refresh(self, refresh_token: str) -> tuple[int, dict[str, Any]]:
        return await self.token(grant_type="refresh_token", refresh_token=refresh_token, client_id=CLI)


class KeySwappingProxy:
    """The identity provider as seen through a proxy that publishes another key in its place: every ID token
    the provider signs is then, to the relying party, signed by a key that is not the provider's."""

    def __init__(self, provider: IdentityProvider) -> None:
        self._target = provider.issuer
        self._impostor = RSAKey.generate_key(2048, private=True)
        self._runner: web.AppRunner | None = None
        self.issuer = ""

    async def start(self) -> IdentityProvider:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._forward)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        port = unused_port()
        await web.TCPSite(self._runner, "127.0.0.1", port).start()
        self.issuer = f"http://localhost:{port}"
        return IdentityProvider(self.issuer)

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    async def _forward(self, request: web.Request) -> web.StreamResponse:
        if request.path == "/jwks":
            async with aiohttp.ClientSession() as session, session.get(f"{self._target}/jwks") as real:
                kid = (await real.json())["keys"][0]["kid"]
            public = {**self._impostor.as_dict(private=False), "kid": kid, "use": "sig", "alg": "RS256"}
            return web.json_response({"keys": [public]})
        # The provider builds its URLs from the Host it is asked under, so they all name the proxy.
        headers = {k: v for k, v in request.headers.items() if k.lower() not in {"host", "content-length"}}
        headers["Host"] = request.host
        async with (
            aiohttp.ClientSession(auto_decompress=False) as session,
            session.request(
                request.method,
                f"{self._target}{request.rel_url}",
                headers=headers,
                data=await request.read(),
                allow_redirects=False,
            ) as answer,
        ):
            body = await answer.read()
            kept = {
                k: v
                for k, v in answer.headers.items()
                if k.lower() not in {"transfer-encoding", "content-length"}
            }
            return web.Response(status=answer.status, body=body, headers=kept)


async def new_officer(
    system: System, provider: IdentityProvider, areas: tuple[str, ...] = ("hemtjanst",), **claims: Any
) -> str:
    """A municipal officer the identity provider knows, given the areas by the operator before their first
    login; answers the subject they log in as."""
    sub = f"staff-{uuid.uuid4().hex[:8]}"
    provider.put_user(sub, {"name": "Eva Handläggare", "email": f"{sub}@kommun.example", **claims})
    async with system.runtime("application").uow().acting_as("operator") as uow:
        await grant_staff(uow, sub, admin=False, officer_areas=list(areas))
        await uow.commit()
    return sub
