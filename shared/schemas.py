"""The base of request bodies: strict types, and an unknown field is an error rather than dropped."""

from pydantic import BaseModel, ConfigDict

# The largest value an INTEGER column holds on PostgreSQL: a number a client sends that a column must hold,
# or that is compared with one, is bounded by it in its schema, so a larger one is the client's 422 rather
# than the driver's overflow.
DB_INT_MAX = 2**31 - 1


class Strict(BaseModel):
    """Bodies are validated in JSON mode (see shared.http.requests), so dates and enum values are given
    as the strings JSON has, while a string is never taken for a number or a boolean."""

    model_config = ConfigDict(strict=True, extra="forbid")
