"""HTTP handlers of a person's login: the authorization endpoint, the upstream's return, logout, and the
token endpoint's person grants. Parse, call the login action, answer."""

from typing import Any

from aiohttp import BasicAuth, web
from multidict import MultiDictProxy

from services.application.actions import login as actions
from services.application.actions import person_tokens, rate_limits
from services.application.actions.authorization_requests import (
    AuthorizeError,
    NotRedirectable,
    authorization_request,
)
from services.application.actions.login_context import Login
from services.application.actions.rate_limits import token_limits
from services.application.keys import APPLICATION_KEY, LOGIN_KEY, TOKEN_SERVER_KEY
from services.application.schemas.login import LogoutQuery
from services.application.token_endpoint import oauth_error
from shared.http.keys import SETTINGS_KEY
from shared.http.problems import problem
from shared.http.requests import client_address, query_params

SESSION_COOKIE = "kundval_signin"
NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}


async def authorize(request: web.Request) -> web.Response:
    login = request.app[LOGIN_KEY]
    await _charge(request)
    try:
        asked = authorization_request(login, request.query)
    except NotRedirectable as exc:
        return _not_redirectable(str(exc))
    except AuthorizeError as exc:
        return _redirect(exc.location(login.settings.token_issuer))
    try:
        outcome = await actions.authorize(login, asked, request.cookies.get(SESSION_COOKIE))
    except AuthorizeError as exc:
        exc.redirect_uri, exc.state = asked.redirect_uri, asked.state
        return _redirect(exc.location(login.settings.token_issuer))
    return _answer(login, outcome)


async def callback(request: web.Request) -> web.Response:
    login = request.app[LOGIN_KEY]
    try:
        outcome = await actions.come_back(
            login, request.query.get("state"), request.query.get("code"), request.query.get("error")
        )
    except NotRedirectable as exc:
        return _not_redirectable(str(exc))
    return _answer(login, outcome)


async def logout(request: web.Request) -> web.Response:
    login = request.app[LOGIN_KEY]
    asked = query_params(request, LogoutQuery)
    back_to = actions.after_logout(login, asked.client_id, asked.post_logout_redirect_uri)
    onward = await actions.logout(login, request.cookies.get(SESSION_COOKIE), back_to) or back_to
    response: web.Response = (
        web.Response(status=303, headers={"Location": onward, **NO_STORE})
        if onward
        else web.Response(status=204, headers=NO_STORE)
    )
    response.del_cookie(SESSION_COOKIE, path="/", secure=secure_cookie(login), httponly=True, samesite="Lax")
    return response


async def person_grant(
    request: web.Request, form: MultiDictProxy[Any], client_id: str | None
) -> web.Response:
    """The token endpoint's `authorization_code` and `refresh_token` grants."""
    login = request.app[LOGIN_KEY]
    posted = form.get("client_secret")
    secret = _basic_secret(request) or (posted if isinstance(posted, str) else None)
    try:
        client = person_tokens.authenticated_client(login, client_id, secret)
        if form.get("grant_type") == "authorization_code":
            tokens = await person_tokens.exchange_code(login, client, form)
        else:
            tokens = await person_tokens.refresh(login, client, form)
    except person_tokens.GrantError as exc:
        response = oauth_error(exc.error, exc.description, exc.status)
        if exc.status == 401:
            response.headers["WWW-Authenticate"] = 'Basic realm="kundval-portal", error="invalid_client"'
        return response
    return request.app[TOKEN_SERVER_KEY].person_token_response(tokens)


def _basic_secret(request: web.Request) -> str | None:
    try:
        return BasicAuth.decode(request.headers["Authorization"]).password or None
    except (KeyError, ValueError):
        return None


async def _charge(request: web.Request) -> None:
    # Every authorization request that goes upstream leaves a row until the person returns: limited per
    # address like the token endpoint, so nobody fills the table.
    settings = request.app[SETTINGS_KEY]
    by_address, _ = token_limits(settings)
    address = client_address(request, settings.trust_forwarded_for)
    await rate_limits.spend(request.app[APPLICATION_KEY], [(by_address, address)])


def _answer(login: Login, outcome: actions.Outcome) -> web.Response:
    response = _redirect(outcome.location)
    if outcome.new_session is not None:
        response.set_cookie(
            SESSION_COOKIE,
            outcome.new_session,
            max_age=login.settings.signin_session_lifetime_s,
            path="/",
            secure=secure_cookie(login),
            httponly=True,
            samesite="Lax",
        )
    return response


def secure_cookie(login: Login) -> bool:
    """Whether the sign-in cookie is Secure. It is SameSite=Lax, not Strict: the person arrives from the
    upstream provider and from the client application by top-level navigation, which Strict would strip the
    cookie from."""
    return login.settings.secure_cookies


def _redirect(location: str) -> web.Response:
    return web.Response(status=302, headers={"Location": location, **NO_STORE})


def _not_redirectable(detail: str) -> web.Response:
    response = problem(400, "Bad Request", detail)
    response.headers.update(NO_STORE)
    return response
