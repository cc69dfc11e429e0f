"""Reading a request: JSON bodies and query strings into strict models, the caller's principal."""

import asyncio
from collections.abc import Awaitable
from typing import Any, TypeVar

import orjson
from aiohttp import web
from pydantic import BaseModel, ValidationError

from shared.auth.principal import Principal
from shared.errors import DomainError, InvalidInput, NotFound, RequestTimeout
from shared.http.keys import PRINCIPAL_KEY, SETTINGS_KEY
from shared.http.problems import location_of

ModelT = TypeVar("ModelT", bound=BaseModel)
T = TypeVar("T")


class UnsupportedMediaType(DomainError):
    status = 415
    title = "Unsupported Media Type"


class MalformedJson(DomainError):
    status = 400
    title = "Bad Request"


async def json_body(request: web.Request, model: type[ModelT]) -> ModelT:
    if request.content_type != "application/json":
        raise UnsupportedMediaType("Send the body as application/json.")
    raw = await read_within(request, request.app[SETTINGS_KEY].request_body_timeout_s, request.read())
    # JSON can carry NUL only escaped; PostgreSQL stores no NUL in text, so it is the client's error here,
    # whichever field it is in, rather than the database's later. Parsed again only when the escape is seen.
    if b"\\u0000" in raw:
        _refuse_nul(raw)
    # Validated in JSON mode: strict about types, yet dates and enum values arrive as the strings JSON has.
    try:
        return model.model_validate_json(raw)
    except ValidationError as exc:
        if any(error["type"] == "json_invalid" for error in exc.errors()):
            raise MalformedJson("The request body is not valid JSON.") from None
        raise


async def read_within(request: web.Request, timeout_s: float, reading: Awaitable[T]) -> T:
    """`reading` (of the request's body) within `timeout_s`, or 408: a client that sends its body slowly, or
    stops, holds neither the connection nor the handler longer than that."""
    try:
        async with asyncio.timeout(timeout_s):
            return await reading
    except TimeoutError:
        raise RequestTimeout(f"The request body did not arrive within {timeout_s:g} seconds.") from None


def _refuse_nul(raw: bytes) -> None:
    try:
        parsed = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return  # answered as malformed JSON by the validation that follows
    found = _nul_locations(parsed, ())
    if found:
        raise InvalidInput(
            "Text must not contain the NUL character.",
            errors=[
                {
                    "location": location_of(where),
                    "message": "contains a control character (NUL)",
                    "type": "control_character",
                }
                for where in found
            ],
        )


def _nul_locations(value: Any, where: tuple[str | int, ...]) -> list[tuple[str | int, ...]]:
    if isinstance(value, str):
        return [where] if "\x00" in value else []
    if isinstance(value, dict):
        found = [(*where, key) for key in value if "\x00" in key]
        for key, item in value.items():
            found += _nul_locations(item, (*where, key))
        return found
    if isinstance(value, list):
        return [spot for index, item in enumerate(value) for spot in _nul_locations(item, (*where, index))]
    return []


def query_params(request: web.Request, model: type[ModelT]) -> ModelT:
    return model.model_validate(dict(request.query))


@web.middleware
async def nul_middleware(request: web.Request, handler: Any) -> web.StreamResponse:
    """A NUL in a path id names nothing (404), and in a query parameter is the client's error (422): caught
    here once for every route, before any of it reaches a query that PostgreSQL would fail on."""
    if any("\x00" in value for value in request.match_info.values()):
        raise NotFound("No such resource.")
    if bad := sorted({name for name, value in request.query.items() if "\x00" in name + value}):
        raise InvalidInput(
            "Query parameters must not contain the NUL character.",
            errors=[
                {
                    "location": location_of((name,)),
                    "message": "contains a control character (NUL)",
                    "type": "control_character",
                }
                for name in bad
            ],
        )
    response: web.StreamResponse = await handler(request)
    return response


def client_address(request: web.Request, trust_forwarded_for: bool) -> str:
    """Where a request came from: the peer, or behind a trusted proxy the address it last added."""
    if trust_forwarded_for and (forwarded := request.headers.get("X-Forwarded-For", "")):
        return forwarded.rsplit(",", 1)[-1].strip()
    return request.remote or "unknown"


def principal(request: web.Request) -> Principal:
    return request[PRINCIPAL_KEY]
