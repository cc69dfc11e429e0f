"""The API called as the person logged in to a page's session: their access token, renewed with the refresh
token shortly before it expires. Each page builds one from its request."""

from datetime import timedelta
from typing import Any, NoReturn

from aiohttp import web

from services.portal.api_client import ApiProblem, Download
from services.portal.context import ENDED_KEY, PORTAL_KEY, SESSION_KEY, Portal
from services.portal.sessions import Tokens
from services.portal.storage.sessions import PortalSession
from shared.clock import now_utc

# Renewed this long before it expires, so a token never runs out between the check and the API's.
RENEW_BEFORE = timedelta(seconds=30)


class LoginNeeded(Exception):
    """No one is logged in, or their login has ended: the page sends them to log in."""


class AsPerson:
    def __init__(self, portal: Portal, request: web.Request, row: PortalSession) -> None:
        self._portal = portal
        self._request = request
        self._row = row

    @property
    def person(self) -> dict[str, Any]:
        return self._row.person or {}

    async def get(self, path: str, **params: Any) -> Any:
        kept = {k: str(v) for k, v in params.items() if v is not None and v != ""}
        return await self.send("GET", path, params=kept or None)

    async def send(self, method: str, path: str, **kwargs: Any) -> Any:
        token = await self.access_token()
        try:
            return await self._portal.api.call(method, path, token, **kwargs)
        except ApiProblem as exc:
            if exc.status == 401:
                await self._end()
            raise

    async def download(self, path: str) -> Download:
        return await self._portal.api.download(path, await self.access_token())

    async def access_token(self) -> str:
        """The access token, renewed first when it is about to expire: for a call the API client does not
        make itself (a stream held open)."""
        tokens = self._portal.store.tokens(self._row)
        if tokens is None:
            raise LoginNeeded
        if tokens.expires_at - RENEW_BEFORE > now_utc():
            return tokens.access_token
        return (await self._renewed()).access_token

    async def _renewed(self) -> Tokens:
        store = self._portal.store
        async with self._portal.refresh_lock(self._row.id_hash):
            # Another page of this session may have renewed it while this one waited.
            current = await store.reread(self._row)
            tokens = store.tokens(current) if current is not None else None
            if current is None or tokens is None:
                raise LoginNeeded
            if tokens.expires_at - RENEW_BEFORE > now_utc():
                self._row.vault, self._row.access_expires_at = current.vault, current.access_expires_at
                return tokens
            try:
                renewed = await self._portal.api.refreshed(tokens.refresh_token)
            except ApiProblem:
                await self._end()
            await store.keep_tokens(self._row, renewed)
            return renewed

    async def _end(self) -> NoReturn:
        """The login has ended at the authorization server (revoked, or refused): so does the session."""
        await self._portal.store.end(self._row)
        self._request[ENDED_KEY] = True
        raise LoginNeeded


def as_person(request: web.Request) -> AsPerson:
    """The logged-in person's API; LoginNeeded when there is none."""
    row = request.get(SESSION_KEY)
    if row is None or row.logged_in_at is None:
        raise LoginNeeded
    return AsPerson(request.config_dict[PORTAL_KEY], request, row)
