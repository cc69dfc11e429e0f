"""Writing a response: models and dicts as JSON, with aware datetimes in ISO 8601."""

from typing import Any

import orjson
from aiohttp import web
from pydantic import BaseModel


def json_response(
    data: BaseModel | dict[str, Any] | list[Any], status: int = 200, headers: dict[str, str] | None = None
) -> web.Response:
    payload = data.model_dump(mode="json") if isinstance(data, BaseModel) else data
    return web.Response(
        body=orjson.dumps(payload), status=status, content_type="application/json", headers=headers
    )
