"""Domain errors: raised by actions and domain code, rendered once by the HTTP layer as problem+json."""

from typing import Any


class DomainError(Exception):
    status = 400
    title = "Bad Request"

    def __init__(self, detail: str, **extensions: Any) -> None:
        super().__init__(detail)
        self.detail = detail
        self.extensions = extensions
        # Response headers the answer carries (Retry-After, say).
        self.headers: dict[str, str] = {}


class NotFound(DomainError):
    status = 404
    title = "Not Found"


class Conflict(DomainError):
    status = 409
    title = "Conflict"


class InvalidInput(DomainError):
    status = 422
    title = "Unprocessable Content"
