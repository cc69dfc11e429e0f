"""The tenancy filter every listing and lookup of a provider's reports goes through."""

from typing import Any, TypeVar

from sqlmodel import col
from sqlmodel.sql.expression import SelectOfScalar

SERVICE = {"info": {"service": "reporting"}}

RowT = TypeVar("RowT")


def scoped(
    query: SelectOfScalar[RowT], table: Any, owner: str | None, areas: frozenset[str] | None
) -> SelectOfScalar[RowT]:
    if owner is not None:
        query = query.where(table.provider_id == owner)
    if areas is not None:
        query = query.where(col(table.area_code).in_(sorted(areas)))
    return query
