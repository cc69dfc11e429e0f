"""Public reads answered for caches: anyone may keep them a minute, and a client that holds the current body
(its strong ETag, a hash of the bytes) is told so with 304 and no body. Applied to every GET without a
login from the route table (`Route.cached`), so no handler sets these headers itself."""

import hashlib

from aiohttp import web

from shared.http.routing import Handler

CACHE_CONTROL = "public, max-age=60"


def entity_tag(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def _matches(if_none_match: str, tag: str) -> bool:
    # RFC 9110 13.1.2: a list of tags or `*`, compared weakly (a W/ prefix is ignored).
    candidates = [part.strip() for part in if_none_match.split(",")]
    return any(c == "*" or c.removeprefix("W/") == tag for c in candidates)


def answering_conditionally(handler: Handler) -> Handler:
    async def conditional(request: web.Request) -> web.StreamResponse:
        response = await handler(request)
        if response.status != 200 or not isinstance(response, web.Response):
            return response
        body = response.body
        if not isinstance(body, bytes):
            return response
        tag = entity_tag(body)
        # A handler that knows its data changes less often (the signing keys) keeps its own lifetime.
        headers = {"ETag": tag, "Cache-Control": response.headers.get("Cache-Control", CACHE_CONTROL)}
        if _matches(request.headers.get("If-None-Match", ""), tag):
            return web.Response(status=304, headers=headers)
        response.headers.update(headers)
        return response

    return conditional
