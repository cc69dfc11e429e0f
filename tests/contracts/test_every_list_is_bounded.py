"""Every GET that answers a list (`items`) is bounded: it takes the shared `limit` and `cursor` and answers
`next_cursor`, or it is a fixed small list named here with the reason it cannot grow."""

from typing import Any

from services.api import PUBLIC_API
from services.notifications.actions.webhooks import MAX_SUBSCRIPTIONS
from shared.areas import SOCIAL_CARE_AREAS
from shared.http.openapi import build_openapi
from shared.http.routing import Route
from shared.pagination import DEFAULT_LIMIT, MAX_LIMIT, PageQuery

# Lists that cannot grow, and why; any other list must page.
FIXED_LISTS = {
    # The kundval areas are seeded from shared/areas.py; no operation adds one.
    "/areas": len(SOCIAL_CARE_AREAS),
    # The two legal frames (LOV and kundval) are seeded with the areas; no operation adds one.
    "/legal-frames": 2,
    # An organisation has at most MAX_SUBSCRIPTIONS subscriptions; one more is refused.
    "/webhooks": MAX_SUBSCRIPTIONS,
}


def _answers_a_list(route: Route) -> bool:
    return route.method == "GET" and route.response is not None and "items" in route.response.model_fields


def _lists() -> list[Route]:
    return [route for route in PUBLIC_API.routes if _answers_a_list(route)]


def test_every_growing_list_takes_limit_and_cursor_and_answers_the_next_cursor() -> None:
    unbounded = [
        route.path
        for route in _lists()
        if route.path not in FIXED_LISTS
        and not (
            route.query is not None
            and issubclass(route.query, PageQuery)
            and route.response is not None
            and "next_cursor" in route.response.model_fields
        )
    ]
    assert unbounded == []


def test_the_fixed_lists_are_small_and_nothing_adds_to_them() -> None:
    assert {route.path for route in _lists()} >= set(FIXED_LISTS)
    assert all(size <= DEFAULT_LIMIT for size in FIXED_LISTS.values())
    adders = {(r.method, r.path) for r in PUBLIC_API.routes if r.method in {"POST", "PUT"}}
    assert not adders & {("POST", "/areas"), ("PUT", "/areas"), ("POST", "/legal-frames")}


def test_the_document_states_the_limit_default_and_maximum_and_the_cursor_of_every_paged_list() -> None:
    spec = build_openapi(list(PUBLIC_API.routes), title="t", base_url="http://x", token_url="http://x/t")
    for route in _lists():
        if route.path in FIXED_LISTS:
            continue
        params: dict[str, Any] = {
            p["name"]: p["schema"]
            for p in spec["paths"][route.path]["get"]["parameters"]
            if p["in"] == "query"
        }
        assert params["limit"]["maximum"] == MAX_LIMIT, route.path
        assert params["limit"]["minimum"] == 1, route.path
        assert params["limit"]["default"] == DEFAULT_LIMIT, route.path
        assert "cursor" in params, route.path
