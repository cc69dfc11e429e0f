"""What the portal's pages need, made once per process when the app starts."""

import asyncio
import weakref
from dataclasses import dataclass, field

from aiohttp import web

from services.portal.api_client import PublicApi
from services.portal.sessions import SessionStore
from services.portal.storage.sessions import PortalSession
from shared.settings import LoginClient, Settings


@dataclass
class Portal:
    settings: Settings
    client: LoginClient
    store: SessionStore
    api: PublicApi
    # One refresh at a time per session in this process: two pages refreshing one refresh token together
    # would look like a stolen token, and the authorization server would end the login.
    _refreshing: weakref.WeakValueDictionary[str, asyncio.Lock] = field(
        default_factory=weakref.WeakValueDictionary
    )

    def refresh_lock(self, session_id: str) -> asyncio.Lock:
        lock = self._refreshing.get(session_id)
        if lock is None:
            lock = self._refreshing[session_id] = asyncio.Lock()
        return lock

    def url(self, path: str = "/") -> str:
        """A page's address as the browser sees it."""
        return f"{self.settings.base_url}/portal{path}"


PORTAL_KEY = web.AppKey("portal", Portal)
SESSION_KEY = web.RequestKey("portal_session", PortalSession)
NEW_COOKIE_KEY = web.RequestKey("portal_new_cookie", str)
ENDED_KEY = web.RequestKey("portal_session_ended", bool)
LANGUAGE_KEY = web.RequestKey("portal_language", str)
