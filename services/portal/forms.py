"""Forms after the API refused them: its problem's `errors[].location` names the field, and the page shows
each message beside its field and, in the error summary, as a link to it (the GOV.UK pattern)."""

from typing import Any

from aiohttp import web

from services.portal.api_client import ApiProblem
from services.portal.rendering import translate

# Where the API's problem names no field (a rule of the case, not of one field).
WHOLE_FORM = "(form)"


def field_id(location: str) -> str:
    """The id of a field's element: its API location, with dots made dashes."""
    return location.replace(".", "-").replace("(", "").replace(")", "") or "form"


def form_errors(request: web.Request, problem: ApiProblem) -> dict[str, str]:
    """Location → message, in the page's language; a problem with no field errors gives its detail."""
    _ = translate(request)
    errors: dict[str, str] = {}
    for error in problem.errors:
        location = str(error.get("location") or error.get("field") or WHOLE_FORM).removeprefix("body.")
        errors.setdefault(location, _(str(error.get("message") or problem.title)))
    if not errors:
        errors[WHOLE_FORM] = _(problem.detail or problem.title)
    return errors


def error_list(errors: dict[str, str], field_ids: dict[str, str]) -> list[dict[str, Any]]:
    """The error summary's items, each linking to its field."""
    return [
        {"text": message, "href": f"#{field_ids.get(location, field_id(location))}"}
        if location != WHOLE_FORM
        else {"text": message}
        for location, message in errors.items()
    ]


def text(form: Any, name: str, limit: int = 10_000) -> str:
    """A posted text field, as text (a file or a missing field is empty), cut at `limit`."""
    value = form.get(name)
    return value.strip()[:limit] if isinstance(value, str) else ""
