"""The route table: one entry per operation, from which the router, auth checks and OpenAPI are built."""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from typing import Any

from aiohttp import web
from pydantic import BaseModel

from shared.auth.principal import Scope

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@dataclass(frozen=True)
class Route:
    method: str
    path: str
    handler: Handler
    summary: str
    tag: str
    # Scopes of which the caller needs one; empty means no login.
    scopes: tuple[Scope, ...] = ()
    body: type[BaseModel] | None = None
    body_example: dict[str, Any] | None = None
    query: type[BaseModel] | None = None
    response: type[BaseModel] | None = None
    status: int = 200
    errors: tuple[int, ...] = ()
    description: str | None = None
    extra_responses: dict[int, str] = field(default_factory=dict)
    # Media types of the success body; a non-JSON type without a response model is a file download.
    content_type: str = "application/json"
    # The name of the form part of a multipart/form-data file upload, for routes that take one.
    upload_part: str | None = None
    # The service whose database the route's state lives in (set by `owned_by`), for its idempotency keys.
    service: str | None = None
    # Dotted paths in the success body of values shown once (a client secret): never kept for a retry.
    secrets: tuple[str, ...] = ()
    # A path that carries a secret (an invitation's token): its public answer is still no shared cache's.
    secret_path: bool = False

    @property
    def creates(self) -> bool:
        """A POST answering 201 creates a resource, and takes an `Idempotency-Key`. Uploads do not: their
        multipart body is streamed to storage rather than read whole, and its boundary differs each time
        it is sent, so no fingerprint of it would recognise a retry."""
        return self.method == "POST" and self.status == 201 and self.upload_part is None

    @property
    def cached(self) -> bool:
        """A public read of JSON: the same for everyone, so caches may keep it (shared/http/caching.py)."""
        return (
            self.method == "GET"
            and not self.scopes
            and not self.secret_path
            and self.status == 200
            and self.content_type == "application/json"
        )


def owned_by(service: str, routes: list[Route]) -> list[Route]:
    return [replace(route, service=service) for route in routes]
