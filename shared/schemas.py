"""The base of request bodies: strict types, and an unknown field is an error rather than dropped."""

import re
from datetime import date
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict

# The largest value an INTEGER column holds on PostgreSQL: a number a client sends that a column must hold,
# or that is compared with one, is bounded by it in its schema, so a larger one is the client's 422 rather
# than the driver's overflow.
DB_INT_MAX = 2**31 - 1


class Strict(BaseModel):
    """Bodies are validated in JSON mode (see shared.http.requests), so dates and enum values are given
    as the strings JSON has, while a string is never taken for a number or a boolean."""

    model_config = ConfigDict(strict=True, extra="forbid")


def _iso_day(value: Any) -> Any:
    # A query parameter is a string, which pydantic's lax mode would also read as seconds since 1970.
    if isinstance(value, str) and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError("a day as YYYY-MM-DD")
    return value


# A day in a query parameter: YYYY-MM-DD only, as its schema (format: date) says.
QueryDay = Annotated[date, BeforeValidator(_iso_day)]
