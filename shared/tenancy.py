"""The tenancy filter every lookup and listing of a provider's rows goes through: a provider sees its own
rows (`provider_id`), a staff member those of their areas (`area_code`), an admin all."""

from typing import Any, TypeVar

from sqlmodel import SQLModel, col, select
from sqlmodel.ext.asyncio.session import AsyncSession
from sqlmodel.sql.expression import SelectOfScalar

from shared.auth.principal import Principal
from shared.errors import NotFound

RowT = TypeVar("RowT")
TableT = TypeVar("TableT", bound=SQLModel)


def scoped(
    query: SelectOfScalar[RowT], table: Any, owner: str | None, areas: frozenset[str] | None
) -> SelectOfScalar[RowT]:
    if owner is not None:
        query = query.where(table.provider_id == owner)
    if areas is not None:
        query = query.where(col(table.area_code).in_(sorted(areas)))
    return query


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
    columns: Any = table  # every report table has these columns; SQLModel's type does not say so
    query = scoped(select(table).where(col(columns.id) == row_id), table, owner, areas)
    return (await session.exec(query.with_for_update() if for_update else query)).first()


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
