"""Reading a request: JSON bodies and query strings into strict models, the caller's principal."""

from typing import TypeVar

import orjson
from aiohttp import web
from pydantic import BaseModel

from shared.auth.principal import Principal
from shared.errors import DomainError
from shared.http.keys import PRINCIPAL_KEY

ModelT = TypeVar("ModelT", bound=BaseModel)


class UnsupportedMediaType(DomainError):
    status = 415
    title = "Unsupported Media Type"


class MalformedJson(DomainError):
    status = 400
    title = "Bad Request"


async def json_body(request: web.Request, model: type[ModelT]) -> ModelT:
    if request.content_type != "application/json":
        raise UnsupportedMediaType("Send the body as application/json.")
    raw = await request.read()
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise MalformedJson("The request body is not valid JSON.") from exc
    return model.model_validate(data)


def query_params(request: web.Request, model: type[ModelT]) -> ModelT:
    return model.model_validate(dict(request.query))


def principal(request: web.Request) -> Principal:
    return request[PRINCIPAL_KEY]
