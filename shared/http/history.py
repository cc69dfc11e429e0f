"""A case's audit trail over HTTP: `GET <case path>/{id}/history`, answered to whoever may read the case
itself, and as if the case did not exist to anyone else."""

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

from aiohttp import web
from pydantic import BaseModel, Field
from sqlmodel.ext.asyncio.session import AsyncSession

from shared.audit import AuditEntry, kind_of, trail_page
from shared.auth.principal import Principal, Scope
from shared.http.requests import principal, query_params
from shared.http.responses import json_response
from shared.http.routing import Route
from shared.pagination import Page, PageQuery
from shared.service import ServiceRuntime
from shared.tenancy import visible

# Raises NotFound unless the caller may read the case with this id.
CaseLookup = Callable[[AsyncSession, Principal, str], Awaitable[object]]


class HistoryEntry(BaseModel):
    at: datetime
    actor: str = Field(description="The person's id, the API client's id, or the system job's name.")
    actor_kind: str = Field(description="provider, staff or admin; system for a system job.")
    actor_name: str = Field(description="The person's name, the API client's id, or the system job's name.")
    actor_role: str | None = Field(description="The role the person or client acted in; null for a job.")
    actor_client: str | None = Field(
        description="The API client a person acted through; null when a client or a job acted itself."
    )
    action: str
    from_state: str | None
    to_state: str | None
    details: dict[str, Any]


class History(BaseModel):
    items: list[HistoryEntry]
    next_cursor: str | None


def visible_case(table: type[Any], what: str) -> CaseLookup:
    """The lookup of a provider's case (shared/tenancy.py): its provider's, or in a staff member's areas."""

    async def lookup(session: AsyncSession, caller: Principal, case_id: str) -> object:
        return await visible(session, caller, table, case_id, what)

    return lookup


async def case_history(
    session: AsyncSession,
    caller: Principal,
    table: type[Any],
    case_id: str,
    lookup: CaseLookup,
    query: PageQuery,
) -> Page[AuditEntry]:
    await lookup(session, caller, case_id)
    return await trail_page(session, kind_of(table).entity, case_id, limit=query.limit, cursor=query.cursor)


def history_route(
    case_path: str,
    runtime: web.AppKey[ServiceRuntime],
    table: type[Any],
    lookup: CaseLookup,
    *,
    summary: str,
    tag: str,
    scopes: tuple[Scope, ...] = (Scope.PROVIDER_READ, Scope.STAFF),
    key: str = "id",
) -> Route:
    """The history route of the cases at `case_path`, their key named `key` in the path."""

    async def handler(request: web.Request) -> web.Response:
        query = query_params(request, PageQuery)
        async with request.app[runtime].reads() as session:
            page = await case_history(
                session, principal(request), table, request.match_info[key], lookup, query
            )
        return json_response(
            History(
                items=[HistoryEntry.model_validate(e, from_attributes=True) for e in page.items],
                next_cursor=page.next_cursor,
            )
        )

    # The route's name in the router and its OpenAPI operationId.
    handler.__name__ = handler.__qualname__ = f"{kind_of(table).entity}_history"

    return Route(
        "GET",
        f"{case_path}/{{{key}}}/history",
        handler,
        summary,
        tag,
        scopes=scopes,
        query=PageQuery,
        response=History,
        errors=(404, 422),
        description="Every change of the case, oldest first: when, who (the person by name and role and the "
        "client they acted through, the API client, or the system job), what, and from which state to which.",
    )
