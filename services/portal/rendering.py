"""Pages rendered with what every template needs: the language, the person logged in, the CSRF token, the
municipality's name."""

from typing import Any

import aiohttp_jinja2
from aiohttp import web

from services.portal.context import LANGUAGE_KEY, PORTAL_KEY, SESSION_KEY
from services.portal.i18n import DEFAULT_LANGUAGE, N_, Translate, translator


def language(request: web.Request) -> str:
    chosen: str = request.get(LANGUAGE_KEY, DEFAULT_LANGUAGE)
    return chosen


def translate(request: web.Request) -> Translate:
    """`_` for text made in code (a banner, a title), in the page's language."""
    return translator(language(request))


# The sections of each kind of person, after the start page and the areas (partials/navigation.html).
# Only a way about: the API decides every access.
NAVIGATION = {
    "provider": (
        ("/portal/applications", N_("Applications")),
        ("/portal/authorisations", N_("Authorisations")),
        ("/portal/reports", N_("Reports")),
        ("/portal/organisation", N_("Organisation")),
    ),
    "staff": (
        ("/portal/staff/applications", N_("Applications")),
        ("/portal/staff/authorisations", N_("Authorisations")),
        ("/portal/staff/reports", N_("Reports")),
        ("/portal/staff/people", N_("Staff")),
    ),
}


def navigation_of(person: dict[str, Any] | None) -> list[dict[str, str]]:
    if person is None:
        return []
    kind = "provider" if person.get("kind") == "provider" else "staff"
    return [{"href": href, "text": text} for href, text in NAVIGATION[kind]]


def render(request: web.Request, template: str, context: dict[str, Any], status: int = 200) -> web.Response:
    portal = request.config_dict[PORTAL_KEY]
    row = request.get(SESSION_KEY)
    person = row.person if row is not None and row.logged_in_at is not None else None
    logged_in = person is not None
    response = aiohttp_jinja2.render_template(
        template,
        request,
        {
            "lang": language(request),
            "municipality": portal.settings.municipality_name,
            "person": person,
            "navigation": navigation_of(person),
            "csrf_token": row.csrf_token if logged_in and row is not None else "",
            "here": request.path_qs,
            **context,
        },
        status=status,
    )
    # Pages show a person's cases: never kept by a shared cache, nor by the browser's back button.
    response.headers["Cache-Control"] = "no-store"
    return response
