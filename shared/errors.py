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


class RequestTimeout(DomainError):
    """The client did not send its request body in the time allowed: a slow or stalled client does not
    hold a connection and its handler for long."""

    status = 408
    title = "Request Timeout"


class InvalidInput(DomainError):
    status = 422
    title = "Unprocessable Content"
