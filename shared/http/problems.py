"""RFC 9457 problem+json responses: every error any service answers looks like this."""

import json
from typing import Any

import orjson
from aiohttp import web
from pydantic import ValidationError

from shared import db
from shared.errors import DomainError
from shared.free_text import identity_number_in
from shared.http.keys import SETTINGS_KEY
from shared.logging import get_logger
from shared.unit_of_work import COMMIT_BEGUN

PROBLEM_TYPE = "application/problem+json"
log = get_logger(__name__)
# Set once a response has begun (a live stream): an error after that cannot be answered with a problem.
RESPONSE_STARTED = web.RequestKey("response_started", bool)
# Stands in for a part of an error's location that may not be shown.
WITHHELD = "(withheld)"


async def mark_started(request: web.Request, _response: web.StreamResponse) -> None:
    """For on_response_prepare."""
    request[RESPONSE_STARTED] = True


def problem(status: int, title: str, detail: str | None = None, **extensions: Any) -> web.Response:
    body: dict[str, Any] = {"type": "about:blank", "title": title, "status": status}
    if detail:
        body["detail"] = detail
    body.update(extensions)
    return web.Response(status=status, body=orjson.dumps(body), content_type=PROBLEM_TYPE)


def database_unavailable(retry_after_s: int, commit_begun: bool) -> web.Response:
    """503 with `Retry-After`: the database is down, unreachable or too slow. Before a commit was sent
    nothing can have changed; once it was, the answer may be what was lost, and the client is told so."""
    outcome = (
        "it may have been saved before the answer was lost: read it back before sending it again"
        if commit_begun
        else "nothing was changed"
    )
    response = problem(
        503,
        "Service Unavailable",
        f"The database is unavailable or too slow to answer; {outcome}. Try again later.",
    )
    response.headers["Retry-After"] = str(retry_after_s)
    return response


def validation_problem(exc: ValidationError) -> web.Response:
    # Input values are never echoed back: free text may hold personal data.
    errors = [
        {"location": location_of(err["loc"]), "message": _message(err["msg"]), "type": err["type"]}
        for err in exc.errors(include_url=False, include_input=False, include_context=False)
    ]
    return problem(422, "Unprocessable Content", "The request body does not match the schema.", errors=errors)


def location_of(loc: tuple[int | str, ...]) -> str:
    """Where in a request an error is, as a path; a segment in the client's own words that may not be shown
    is withheld."""
    return ".".join(_segment(part) for part in loc) or "(body)"


def _segment(part: int | str) -> str:
    # Some segments are the client's own words (a dict key, an unknown field's name): shown only when lawful.
    text = str(part)
    if isinstance(part, str) and (not text.isprintable() or identity_number_in(text)):
        return WITHHELD
    return text


def _lawful(extensions: dict[str, Any]) -> dict[str, Any]:
    """A domain error's `errors` as they may be shown: a location built from the client's own words (a key
    of a map it sent) is withheld where it may not be shown, as in a validation problem."""
    errors = extensions.get("errors")
    if not isinstance(errors, list):
        return extensions
    shown = [
        {**error, "location": location_of(tuple(error["location"].split(".")))}
        if isinstance(error, dict) and isinstance(error.get("location"), str)
        else error
        for error in errors
    ]
    return {**extensions, "errors": shown}


def _message(message: str) -> str:
    # A few messages quote the input (an e-mail address's bad characters, a discriminator's tag).
    if not message.isprintable() or identity_number_in(message):
        return "invalid value"
    return message


@web.middleware
async def problem_middleware(request: web.Request, handler: Any) -> web.StreamResponse:
    try:
        response: web.StreamResponse = await handler(request)
        return response
    except DomainError as exc:
        answer = problem(exc.status, exc.title, exc.detail, **_lawful(exc.extensions))
        answer.headers.update(exc.headers)
        return answer
    except ValidationError as exc:
        return validation_problem(exc)
    except json.JSONDecodeError:
        return problem(400, "Bad Request", "The request body is not valid JSON.")
    except db.UNAVAILABLE as exc:
        log.warning(
            "database_unavailable", path=request.path, method=request.method, error=exc.__class__.__name__
        )
        if request.get(RESPONSE_STARTED):
            raise
        return database_unavailable(request.app[SETTINGS_KEY].retry_after_s, COMMIT_BEGUN.get())
    except web.HTTPException as exc:
        if exc.status < 400:
            raise
        detail = exc.text if exc.text and not exc.text.startswith(str(exc.status)) else None
        response = problem(exc.status, exc.reason, detail)
        for name in ("WWW-Authenticate", "Allow"):
            if name in exc.headers:
                response.headers[name] = exc.headers[name]
        return response
    except Exception:
        log.exception("unhandled_error", path=request.path, method=request.method)
        if request.get(RESPONSE_STARTED):
            raise  # aiohttp closes the connection: the client sees the stream end, not a second answer
        return problem(500, "Internal Server Error", "Something went wrong on our side; it has been logged.")
