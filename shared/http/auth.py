"""Bearer-token check wrapped around every route that needs a login."""

from aiohttp import web

from shared.auth.principal import roles_allowed
from shared.auth.tokens import InvalidToken
from shared.http.keys import PRINCIPAL_KEY, VERIFIER_KEY
from shared.http.routing import Handler, Route


def _unauthorized(detail: str, error: str | None = None) -> web.HTTPUnauthorized:
    challenge = 'Bearer realm="kundval-portal"' + (f', error="{error}"' if error else "")
    return web.HTTPUnauthorized(text=detail, headers={"WWW-Authenticate": challenge})


def requiring_login(route: Route) -> Handler:
    if not route.scopes:
        return route.handler
    wanted = frozenset(route.scopes)
    roles = [role.value for role in roles_allowed(route.scopes)]
    holders = f"the role {roles[0]} has" if len(roles) == 1 else f"the roles {', '.join(roles)} have"
    refusal = f"This operation needs the scope {' or '.join(sorted(wanted))}, which {holders}."

    async def handler(request: web.Request) -> web.StreamResponse:
        scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise _unauthorized("A bearer access token is required.")
        try:
            caller = await request.app[VERIFIER_KEY].verify(token.strip())
        except InvalidToken as exc:
            raise _unauthorized("The access token is not valid.", "invalid_token") from exc
        if not caller.scopes & wanted:
            raise web.HTTPForbidden(text=refusal)
        request[PRINCIPAL_KEY] = caller
        return await route.handler(request)

    return handler
