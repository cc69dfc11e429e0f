"""The API's refusals of a form, with messages that tell the person what to do, beside each field."""

from aiohttp import web

from services.portal.api_client import ApiProblem
from services.portal.forms import form_errors
from services.portal.rendering import translate

# Refusals whose own message says what is wrong with what was written; others get the field's message.
_TELLING = {"personal_identity_number", "control_character", "string_too_long"}


def field_errors(
    request: web.Request, problem: ApiProblem, messages: dict[str, str], local: dict[str, str] | None = None
) -> dict[str, str]:
    """Location → message. `messages` gives the page's own message for a location and a rule
    ("due_date:not_working_day"), or for a location whatever the rule (an empty or unreadable field); a
    text that breaks a rule of free text keeps the API's. `local` (what the page itself could not read)
    goes first."""
    _ = translate(request)
    first_type: dict[str, str] = {}
    for error in problem.errors:
        location = str(error.get("location") or "").removeprefix("body.")
        first_type.setdefault(location, str(error.get("type") or ""))
    errors = dict(local or {})
    for location, message in form_errors(request, problem).items():
        rule = first_type.get(location, "")
        own = messages.get(f"{location}:{rule}") or (messages.get(location) if rule not in _TELLING else None)
        errors.setdefault(location, _(own) if own else message)
    return errors
