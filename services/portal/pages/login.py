"""Logging in and out: the portal is a confidential client of the authorization server, with PKCE."""

import base64
import hashlib
import secrets
from urllib.parse import urlencode

from aiohttp import web

from services.portal.api_client import ApiProblem
from services.portal.context import ENDED_KEY, NEW_COOKIE_KEY, PORTAL_KEY, SESSION_KEY, Portal
from services.portal.i18n import LANGUAGE_COOKIE, LANGUAGES
from services.portal.rendering import render
from shared.auth.principal import Principal
from shared.http.keys import VERIFIER_KEY

routes = web.RouteTableDef()
IDPS = ("provider", "staff")


def safe_next(value: str | None) -> str:
    """Only a page of the portal itself: never an address elsewhere (an open redirect)."""
    if value and value.startswith("/portal/") and "//" not in value and "\\" not in value:
        return value
    return "/portal/"


@routes.get("/login")
async def login_page(request: web.Request) -> web.Response:
    return render(request, "pages/login.html", {"next": safe_next(request.query.get("next"))})


@routes.get("/login/start")
async def start(request: web.Request) -> web.Response:
    portal = request.config_dict[PORTAL_KEY]
    idp = request.query.get("idp", "provider")
    if idp not in IDPS:
        raise web.HTTPBadRequest
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    cookie, state = await portal.store.begin_login(safe_next(request.query.get("next")), verifier)
    request[NEW_COOKIE_KEY] = cookie
    asked = {
        "response_type": "code",
        "client_id": portal.client.client_id,
        "redirect_uri": portal.client.redirect_uris[0],
        "code_challenge": challenge,
        "code_challenge_method": "S256",
        "state": state,
        "idp": idp,
    }
    invitation = request.query.get("invitation")
    if invitation and len(invitation) <= 100:
        asked["invitation"] = invitation
    return _see(f"{portal.settings.token_issuer}/oauth/authorize?{urlencode(asked)}")


@routes.get("/callback")
async def callback(request: web.Request) -> web.Response:
    portal = request.config_dict[PORTAL_KEY]
    row = request.get(SESSION_KEY)
    state, code = request.query.get("state", ""), request.query.get("code")
    verifier = portal.store.login_verifier(row, state) if row is not None else None
    if row is None or verifier is None:
        # A stale or forged return: the login starts again rather than trusting it.
        return render(request, "pages/login_failed.html", {"reason": "state"}, status=400)
    if not code:
        reason = "invitation" if request.query.get("error") == "access_denied" else "refused"
        return render(request, "pages/login_failed.html", {"reason": reason}, status=400)
    try:
        tokens = await portal.api.tokens_for_code(code, verifier)
    except ApiProblem:
        return render(request, "pages/login_failed.html", {"reason": "refused"}, status=400)
    principal = await request.config_dict[VERIFIER_KEY].verify(tokens.access_token)
    person = await _person(portal, principal, tokens.access_token)
    request[NEW_COOKIE_KEY] = await portal.store.finish_login(row, tokens, person)
    return _see(row.return_to or "/portal/")


async def _person(portal: Portal, principal: Principal, token: str) -> dict[str, object]:
    """What the header shows and what decides which pages are offered (the API still decides access)."""
    person: dict[str, object] = {
        "id": principal.person_id,
        "name": principal.name or "",
        "kind": principal.kind.value,
        "role": principal.role.value if principal.role else None,
        "scopes": sorted(principal.scopes),
        "areas": sorted(principal.areas),
        "provider_id": principal.provider_id,
    }
    if principal.provider_id:
        organisation = await portal.api.call("GET", "/providers/me", token)
        person["organisation"] = organisation.get("name")
    return person


@routes.post("/logout")
async def logout(request: web.Request) -> web.Response:
    portal = request.config_dict[PORTAL_KEY]
    row = request.get(SESSION_KEY)
    if row is not None:
        await portal.store.end(row)
        request[ENDED_KEY] = True
    # 307 keeps the POST: the browser itself ends its sign-in session at the authorization server (whose
    # cookie the portal never sees), which sends it on to the identity provider's logout or back here.
    onward = {"client_id": portal.client.client_id, "post_logout_redirect_uri": portal.url("/logged-out")}
    return web.Response(
        status=307, headers={"Location": f"{portal.settings.token_issuer}/logout?{urlencode(onward)}"}
    )


@routes.get("/logged-out")
async def logged_out(request: web.Request) -> web.Response:
    return render(request, "pages/logged_out.html", {})


@routes.get("/language")
async def choose_language(request: web.Request) -> web.Response:
    chosen = request.query.get("lang", "")
    response = _see(safe_next(request.query.get("next")))
    if chosen in LANGUAGES:
        portal = request.config_dict[PORTAL_KEY]
        response.set_cookie(
            LANGUAGE_COOKIE,
            chosen,
            max_age=365 * 24 * 3600,
            path="/portal/",
            secure=portal.settings.secure_cookies,
            httponly=True,
            samesite="Lax",
        )
    return response


@routes.get("/invitations/{token}")
async def invitation(request: web.Request) -> web.Response:
    """The link in an invitation email: explained, then accepted by logging in with it."""
    token = request.match_info["token"]
    if len(token) > 100:
        raise web.HTTPNotFound
    return render(request, "pages/invitation.html", {"token": token})


def _see(location: str) -> web.Response:
    return web.Response(status=303, headers={"Location": location, "Cache-Control": "no-store"})
