"""RFC 9457 problem+json responses: every error any service answers looks like this."""

import json
from typing import Any

import orjson
from aiohttp import web
from pydantic import ValidationError

from shared.errors import DomainError
from shared.free_text import identity_number_in
from shared.logging import get_logger

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


def validation_problem(exc: ValidationError) -> web.Response:
    # Input values are never echoed back: free text may hold personal data.
    errors = [
        {"location": _location(err["loc"]), "message": _message(err["msg"]), "type": err["type"]}
        for err in exc.errors(include_url=False, include_input=False, include_context=False)
    ]
    return problem(422, "Unprocessable Content", "The request body does not match the schema.", errors=errors)


def _location(loc: tuple[int | str, ...]) -> str:
    return ".".join(_segment(part) for part in loc) or "(body)"


def _segment(part: int | str) -> str:
    # Some segments are the client's own words (a dict key, an unknown field's name): shown only when lawful.
    text = str(part)
    if isinstance(part, str) and (not text.isprintable() or identity_number_in(text)):
        return WITHHELD
    return text


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
        return problem(exc.status, exc.title, exc.detail, **exc.extensions)
    except ValidationError as exc:
        return validation_problem(exc)
    except json.JSONDecodeError:
        return problem(400, "Bad Request", "The request body is not valid JSON.")
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
