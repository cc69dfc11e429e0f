"""Reading a request: JSON bodies and query strings into strict models, the caller's principal."""

from typing import TypeVar

from aiohttp import web
from pydantic import BaseModel, ValidationError

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
    # Validated in JSON mode: strict about types, yet dates and enum values arrive as the strings JSON has.
    try:
        return model.model_validate_json(raw)
    except ValidationError as exc:
        if any(error["type"] == "json_invalid" for error in exc.errors()):
            raise MalformedJson("The request body is not valid JSON.") from None
        raise


def query_params(request: web.Request, model: type[ModelT]) -> ModelT:
    return model.model_validate(dict(request.query))


def principal(request: web.Request) -> Principal:
    return request[PRINCIPAL_KEY]
