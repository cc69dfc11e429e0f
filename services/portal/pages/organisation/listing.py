"""The organisation's lists as the API pages them: a page of items and the cursor of the next."""

from typing import Any

from aiohttp import web

from services.portal.forms import text
from services.portal.person import AsPerson

PAGE_SIZE = 25


async def page_of(request: web.Request, api: AsPerson, path: str, **params: Any) -> dict[str, Any]:
    """One page of `path`, from the cursor in the page's address; with `next_href` when more follow."""
    cursor = text(request.query, "cursor", 500)
    listed: dict[str, Any] = await api.get(path, limit=PAGE_SIZE, cursor=cursor, **params)
    following = listed.get("next_cursor")
    return {
        "items": listed["items"],
        "next_href": f"{request.path}?cursor={following}" if following else None,
        "first_href": request.path if cursor else None,
    }
