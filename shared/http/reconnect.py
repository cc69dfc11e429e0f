"""Requests that meet a database connection the server has dropped (a restart, a failover, an idle
timeout in between).

Pooled connections are not tested before each use: that is a round trip per request, a fifth of what a
small authenticated read costs. A dropped connection fails its first statement instead, and SQLAlchemy
discards it with every connection pooled before it. The request is then run once more, on fresh
connections, unless it may already have had an effect: a unit of work began to commit (the commit itself
may be what failed), or the answer has begun (a live stream). Those are answered 503, to be retried."""

from typing import Any

from aiohttp import web
from sqlalchemy.exc import DBAPIError

from shared.http.problems import RESPONSE_STARTED, problem
from shared.logging import get_logger
from shared.unit_of_work import COMMIT_BEGUN

log = get_logger(__name__)


def _lost(request: web.Request, exc: DBAPIError) -> bool:
    """The connection was lost before the answer began: the request can still be answered afresh."""
    return bool(exc.connection_invalidated) and not request.get(RESPONSE_STARTED)


@web.middleware
async def reconnecting_middleware(request: web.Request, handler: Any) -> web.StreamResponse:
    COMMIT_BEGUN.set(False)
    try:
        response: web.StreamResponse = await handler(request)
        return response
    except DBAPIError as exc:
        if not _lost(request, exc):
            raise
        if not COMMIT_BEGUN.get():
            log.warning("database_connection_lost", path=request.path, method=request.method, ran_again=True)
            try:
                again: web.StreamResponse = await handler(request)
                return again
            except DBAPIError as second:
                if not _lost(request, second):
                    raise
        log.warning("database_connection_lost", path=request.path, method=request.method, ran_again=False)
        response = problem(503, "Service Unavailable", "The connection to the database was lost; try again.")
        response.headers["Retry-After"] = "1"
        return response
