"""What wraps every page: the session from its cookie, the CSRF check of every form post, and errors
shown as pages in the person's language (never a problem document, never a stack trace)."""

import hmac
from collections.abc import Awaitable, Callable
from urllib.parse import urlencode, urlsplit

from aiohttp import web

from services.portal.api_client import ApiProblem, ApiUnavailable
from services.portal.context import ENDED_KEY, LANGUAGE_KEY, NEW_COOKIE_KEY, PORTAL_KEY, SESSION_KEY
from services.portal.i18n import LANGUAGE_COOKIE, language_of
from services.portal.person import LoginNeeded
from services.portal.rendering import render
from shared.logging import get_logger

log = get_logger(__name__)
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
# Room for a document form's other fields beside its document.
MULTIPART_FIELDS_BYTES = 64 * 1024


def session_cookie_name(secure: bool) -> str:
    # The __Host- prefix makes the browser refuse the cookie unless Secure, host-only and for path /.
    return "__Host-kundval_portal" if secure else "kundval_portal"


@web.middleware
async def sessions(request: web.Request, handler: Handler) -> web.StreamResponse:
    portal = request.config_dict[PORTAL_KEY]
    secure = portal.settings.secure_cookies
    name = session_cookie_name(secure)
    request[LANGUAGE_KEY] = language_of(request.cookies.get(LANGUAGE_COOKIE))
    try:
        row = await portal.store.find(request.cookies.get(name))
    except Exception:
        # The session store is the portal's only database: without it no page knows who asks.
        log.exception("portal_sessions_unavailable")
        unavailable = render(request, "pages/error.html", {"status": 503}, status=503)
        unavailable.headers["Retry-After"] = "10"
        return unavailable
    if row is not None:
        request[SESSION_KEY] = row
    response = await handler(request)
    if NEW_COOKIE_KEY in request:
        response.set_cookie(
            name, request[NEW_COOKIE_KEY], path="/", secure=secure, httponly=True, samesite="Lax"
        )
    elif request.get(ENDED_KEY) or (row is None and name in request.cookies):
        response.del_cookie(name, path="/", secure=secure, httponly=True, samesite="Lax")
    return response


@web.middleware
async def csrf(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Every form post carries the session's token; a post from another site has none to give. The Origin
    header, where the browser sends it, must be the portal's own as well."""
    if request.method not in UNSAFE_METHODS:
        return await handler(request)
    portal = request.config_dict[PORTAL_KEY]
    origin = request.headers.get("Origin")
    own = urlsplit(portal.settings.base_url)
    if origin is not None and origin != f"{own.scheme}://{own.netloc}":
        return _refused(request)
    row = request.get(SESSION_KEY)
    if row is None or row.logged_in_at is None:
        raise LoginNeeded
    checked = request
    if request.content_type == "multipart/form-data":
        # A form with a document: read whole here (for its token), so it may be as large as a document the
        # API takes, where other bodies keep the service's limit.
        checked = request.clone(client_max_size=portal.settings.attachment_max_bytes + MULTIPART_FIELDS_BYTES)
    given = request.headers.get("X-CSRF-Token")
    if given is None:
        form = await checked.post()
        token = form.get("csrf_token")
        given = token if isinstance(token, str) else None
    if given is None or not hmac.compare_digest(given.encode(), row.csrf_token.encode()):
        return _refused(request)
    try:
        response = await handler(checked)
    finally:
        if checked is not request:
            # The server closes the documents of the request it made, not of this copy's.
            for value in (await checked.post()).values():
                if isinstance(value, web.FileField):
                    value.file.close()
    # What the page left for the session's middleware, which holds the request as it came.
    if NEW_COOKIE_KEY in checked:
        request[NEW_COOKIE_KEY] = checked[NEW_COOKIE_KEY]
    if ENDED_KEY in checked:
        request[ENDED_KEY] = checked[ENDED_KEY]
    return response


def _refused(request: web.Request) -> web.Response:
    return render(request, "pages/error.html", {"status": 403, "reason": "csrf"}, status=403)


@web.middleware
async def error_pages(request: web.Request, handler: Handler) -> web.StreamResponse:
    try:
        return await handler(request)
    except LoginNeeded:
        return _to_login(request)
    except ApiProblem as exc:
        if exc.status == 401:
            return _to_login(request)
        if exc.status in (403, 404, 409, 410, 429, 503):
            response = render(request, "pages/error.html", {"status": exc.status}, status=exc.status)
            if exc.retry_after:
                response.headers["Retry-After"] = exc.retry_after
            return response
        log.warning("portal_api_error", status=exc.status, title=exc.title)
        return render(request, "pages/error.html", {"status": 502}, status=502)
    except ApiUnavailable as exc:
        log.warning("portal_api_unavailable", error=str(exc))
        response = render(request, "pages/error.html", {"status": 503}, status=503)
        response.headers["Retry-After"] = "10"
        return response
    except web.HTTPException as exc:
        if exc.status < 400:
            raise
        return render(request, "pages/error.html", {"status": exc.status}, status=exc.status)
    except Exception:
        log.exception("portal_page_failed", path=request.path)
        return render(request, "pages/error.html", {"status": 500}, status=500)


def _to_login(request: web.Request) -> web.Response:
    # After the login, back to the page asked for; a form post is not repeated (its page is shown again).
    back = request.path_qs if request.method == "GET" else urlsplit(request.headers.get("Referer", "")).path
    if not back.startswith("/portal/"):
        back = "/portal/"
    location = f"/portal/login?{urlencode({'next': back})}"
    return web.Response(status=303, headers={"Location": location, "Cache-Control": "no-store"})
