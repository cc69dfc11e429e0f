"""HTTP handlers of a recipient's preferences."""

from aiohttp import web

from services.notifications.actions import preferences
from services.notifications.domain.preferences import Preferences
from services.notifications.keys import NOTIFICATIONS_KEY
from services.notifications.schemas import PreferencesChange, PreferencesIn, PreferencesOut
from shared.http.keys import SETTINGS_KEY
from shared.http.requests import json_body, principal
from shared.http.responses import json_response


async def show(request: web.Request) -> web.Response:
    found = await preferences.current(request.app[NOTIFICATIONS_KEY], principal(request))
    return _answer(request, *found)


async def choose(request: web.Request) -> web.Response:
    command = await json_body(request, PreferencesIn)
    chosen = await preferences.choose(request.app[NOTIFICATIONS_KEY], principal(request), command)
    return _answer(request, *chosen)


async def change(request: web.Request) -> web.Response:
    command = await json_body(request, PreferencesChange)
    changed = await preferences.change(request.app[NOTIFICATIONS_KEY], principal(request), command)
    return _answer(request, *changed)


def _answer(request: web.Request, recipient: str, chosen: Preferences, email_to: str | None) -> web.Response:
    return json_response(
        PreferencesOut(
            recipient=recipient,
            language=chosen.language,
            email_address=email_to,
            email_enabled=request.app[SETTINGS_KEY].smtp_host is not None,
            channels=chosen.all_channels(),
        )
    )
