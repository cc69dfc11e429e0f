"""The base of request bodies: strict types, and an unknown field is an error rather than dropped."""

from pydantic import BaseModel, ConfigDict


class Strict(BaseModel):
    """Bodies are validated in JSON mode (see shared.http.requests), so dates and enum values are given
    as the strings JSON has, while a string is never taken for a number or a boolean."""

    model_config = ConfigDict(strict=True, extra="forbid")
