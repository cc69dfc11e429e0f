"""The result of one attempt at a delivery."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Outcome:
    succeeded: bool
    status_code: int | None = None
    error: str | None = None
