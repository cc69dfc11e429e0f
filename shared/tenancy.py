"""The tenancy filter every lookup and listing of a provider's rows goes through: a provider sees its own
rows (`provider_id`), a staff member those of their areas (`area_code`), an admin all."""

import functools
from typing import Any, Generic, TypeVar

from sqlalchemy import BindParameter, ColumnElement, Select, bindparam
from sqlmodel import SQLModel, col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from shared.auth.principal import Principal
from shared.errors import NotFound

TableT = TypeVar("TableT", bound=SQLModel)
SelectT = TypeVar("SelectT", bound=Select[*tuple[Any, ...]])


def _filters(table: Any, owner: Any, areas: Any) -> list[ColumnElement[bool]]:
    """The tenancy clauses on `table`, for an owner and areas given as values or as bound parameters;
    None leaves its clause out."""
    filters = []
    if owner is not None:
        filters.append(table.provider_id == owner)
    if areas is not None:
        filters.append(col(table.area_code).in_(areas))
    return filters


def scoped(query: SelectT, table: Any, owner: str | None, areas: frozenset[str] | None) -> SelectT:
    return query.where(*_filters(table, owner, sorted(areas) if areas is not None else None))


class ScopedLookup(Generic[SelectT]):
    """A lookup `query` (its values left as bound parameters) with the tenancy filter, built once for each
    kind of caller. Building and keying an SQLAlchemy statement costs more CPU than running a cached one,
    and the lookups of single rows are the API's most frequent statements."""

    def __init__(self, query: SelectT, table: Any) -> None:
        owner: BindParameter[str] = bindparam("tenancy_owner")
        areas: BindParameter[list[str]] = bindparam("tenancy_areas", expanding=True)
        self._statements = {
            (owned, in_areas): query.where(
                *_filters(table, owner if owned else None, areas if in_areas else None)
            )
            for owned in (False, True)
            for in_areas in (False, True)
        }

    def scoped(
        self, owner: str | None, areas: frozenset[str] | None, **values: Any
    ) -> tuple[SelectT, dict[str, Any]]:
        """The statement for a caller limited to `owner`'s rows or to `areas`, and its parameters."""
        key, parameters = self.scoped_key(owner, areas, **values)
        return self._statements[key], parameters

    def statements(self) -> dict[tuple[bool, bool], SelectT]:
        """Each kind of caller's statement, by the key `scoped_key` answers: for a caller that runs them
        its own way (shared.db.DriverRead)."""
        return dict(self._statements)

    def scoped_key(
        self, owner: str | None, areas: frozenset[str] | None, **values: Any
    ) -> tuple[tuple[bool, bool], dict[str, Any]]:
        """Which of `statements` a caller limited to `owner`'s rows or to `areas` runs, and its parameters."""
        return (owner is not None, areas is not None), {
            **values,
            "tenancy_owner": owner,
            "tenancy_areas": sorted(areas or ()),
        }


@functools.cache
def _row_lookup(table: type[SQLModel], for_update: bool) -> ScopedLookup[Any]:
    columns: Any = table  # every report table has these columns; SQLModel's type does not say so
    query = select(table).where(col(columns.id) == bindparam("row_id"))
    return ScopedLookup(query.with_for_update() if for_update else query, table)


async def visible_row(
    session: AsyncSession,
    table: type[TableT],
    row_id: str,
    owner: str | None,
    areas: frozenset[str] | None,
    *,
    for_update: bool = False,
) -> TableT | None:
    """One row of a provider's (`id`, `provider_id`, `area_code`), if the owner or areas given may see it."""
    query, values = _row_lookup(table, for_update).scoped(owner, areas, row_id=row_id)
    row: TableT | None = (await session.exec(query, params=values)).first()
    return row


def provider_of(caller: Principal) -> str:
    if caller.provider_id is None:
        raise NotFound("Only a provider has rows of its own here.")
    return caller.provider_id


async def visible(
    session: AsyncSession,
    caller: Principal,
    table: type[TableT],
    row_id: str,
    what: str,
    *,
    for_update: bool = False,
) -> TableT:
    """The row if the caller may see it: its own provider's, or one of the staff member's areas. Anything
    else is answered as if it did not exist."""
    row = await visible_row(
        session, table, row_id, caller.owning_provider(), caller.area_scope(), for_update=for_update
    )
    if row is None:
        raise NotFound(f"No such {what}.")
    return row


async def own(
    session: AsyncSession, caller: Principal, table: type[TableT], row_id: str, what: str
) -> TableT:
    """The calling provider's own row, locked for a change."""
    provider_of(caller)
    return await visible(session, caller, table, row_id, what, for_update=True)
