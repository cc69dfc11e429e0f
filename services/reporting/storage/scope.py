"""The tenancy filter every listing and lookup of a provider's reports goes through."""

from typing import Any, TypeVar

from sqlmodel import SQLModel, col, select
from sqlmodel.ext.asyncio.session import AsyncSession
from sqlmodel.sql.expression import SelectOfScalar

SERVICE = {"info": {"service": "reporting"}}

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
