"""The public API as the portal calls it: over HTTP, like any client, with the person's access token. The
portal never reads another service's database; what the API refuses, the portal shows."""

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import aiohttp

from services.portal.sessions import Tokens
from shared.clock import now_utc
from shared.settings import LoginClient


@dataclass
class ApiProblem(Exception):
    """A problem+json answer (or an OAuth error) of the API."""

    status: int
    body: dict[str, Any] = field(default_factory=dict)

    @property
    def title(self) -> str:
        return str(self.body.get("title") or self.body.get("error") or self.status)

    @property
    def detail(self) -> str | None:
        detail = self.body.get("detail") or self.body.get("error_description")
        return str(detail) if detail else None

    @property
    def errors(self) -> list[dict[str, Any]]:
        errors = self.body.get("errors")
        return [e for e in errors if isinstance(e, dict)] if isinstance(errors, list) else []

    @property
    def retry_after(self) -> str | None:
        value = self.body.get("retry_after")
        return str(value) if value is not None else None


class ApiUnavailable(Exception):
    """The API could not be reached, or did not answer in time."""


@dataclass(frozen=True)
class Download:
    """A file the API answered (an attachment, a decision letter as PDF)."""

    body: bytes
    content_type: str
    disposition: str | None


class PublicApi:
    def __init__(self, http: aiohttp.ClientSession, base_url: str, client: LoginClient) -> None:
        self._http = http
        self.base_url = base_url.rstrip("/")
        self._client = client

    async def tokens_for_code(self, code: str, verifier: str) -> Tokens:
        return await self._token_request(
            {
                "grant_type": "authorization_code",
                "code": code,
                "redirect_uri": self._client.redirect_uris[0],
                "code_verifier": verifier,
            }
        )

    async def refreshed(self, refresh_token: str) -> Tokens:
        return await self._token_request({"grant_type": "refresh_token", "refresh_token": refresh_token})

    async def _token_request(self, form: dict[str, str]) -> Tokens:
        # client_secret_post: the secret in the form, where Basic would need each part form-encoded first.
        credentials = {"client_id": self._client.client_id, "client_secret": self._client.secret or ""}
        body = await self._send("POST", "/oauth/token", None, data={**form, **credentials})
        return Tokens(
            body["access_token"],
            body["refresh_token"],
            now_utc() + timedelta(seconds=int(body.get("expires_in", 300))),
        )

    async def call(
        self,
        method: str,
        path: str,
        access_token: str | None,
        *,
        params: dict[str, str] | None = None,
        json: Any = None,
        data: Any = None,
        headers: dict[str, str] | None = None,
    ) -> Any:
        """The JSON the API answered (None for 204); raises ApiProblem for an error, ApiUnavailable when the
        API cannot be reached."""
        sent = dict(headers or {})
        if access_token:
            sent["Authorization"] = f"Bearer {access_token}"
        return await self._send(method, path, sent, params=params, json=json, data=data)

    async def download(self, path: str, access_token: str) -> Download:
        try:
            async with self._http.get(
                self.base_url + path, headers={"Authorization": f"Bearer {access_token}"}
            ) as response:
                if response.status >= 400:
                    raise ApiProblem(response.status, await _body_of(response))
                return Download(
                    await response.read(),
                    response.headers.get("Content-Type", "application/octet-stream"),
                    response.headers.get("Content-Disposition"),
                )
        except (aiohttp.ClientError, TimeoutError) as exc:
            raise ApiUnavailable(str(exc)) from exc

    async def _send(self, method: str, path: str, headers: dict[str, str] | None, **kwargs: Any) -> Any:
        try:
            url = self.base_url + path
            async with self._http.request(method, url, headers=headers, **kwargs) as response:
                body = await _body_of(response)
                if response.status >= 400:
                    if "Retry-After" in response.headers:
                        body.setdefault("retry_after", response.headers["Retry-After"])
                    raise ApiProblem(response.status, body)
                return body if response.status != 204 else None
        except (aiohttp.ClientError, TimeoutError) as exc:
            raise ApiUnavailable(str(exc)) from exc


async def _body_of(response: aiohttp.ClientResponse) -> Any:
    if response.status == 204:
        return {}
    if response.content_type.endswith("json"):
        try:
            return await response.json(content_type=None)
        except ValueError:
            return {}
    return {}
