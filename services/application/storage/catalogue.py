"""Legal frames, kundval areas and their versioned conditions."""

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel, col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from services.application.domain.conditions import Condition, ConditionKind, Evidence
from services.application.domain.decisions import Frame, PeriodStart
from services.application.storage.providers import SERVICE
from shared.db import enum_column
from shared.free_text import STORED
from shared.statutory_time import PeriodUnit


class LegalFrame(SQLModel, table=True):
    """A frame an area runs under (LOV or the municipality's kundval), with its appeal route."""

    __tablename__ = "legal_frames"
    __table_args__ = SERVICE

    code: str = Field(primary_key=True, max_length=16)
    name_sv: str = Field(max_length=200)
    name_en: str = Field(max_length=200)
    appeal_route_sv: str = Field(max_length=300)
    appeal_route_en: str = Field(max_length=300)
    appeal_body_sv: str = Field(max_length=200)
    appeal_body_en: str = Field(max_length=200)
    law_reference: str = Field(max_length=200)
    period_amount: int
    period_unit: PeriodUnit = Field(sa_type=enum_column(PeriodUnit))
    period_starts: PeriodStart = Field(sa_type=enum_column(PeriodStart))
    period_sv: str = Field(max_length=300)
    period_en: str = Field(max_length=300)

    def frame(self) -> Frame:
        return Frame(**self.model_dump())


class Area(SQLModel, table=True):
    __tablename__ = "areas"
    __table_args__ = SERVICE

    code: str = Field(primary_key=True, max_length=40)
    name_sv: str = Field(max_length=200)
    name_en: str = Field(max_length=200)
    legal_frame: str = Field(max_length=16)
    reimbursement_model: str = Field(max_length=200)
    conditions_version: int = 1


class ConditionVersion(SQLModel, table=True):
    __tablename__ = "condition_versions"
    __table_args__ = SERVICE

    area_code: str = Field(primary_key=True, foreign_key="areas.code", max_length=40)
    version: int = Field(primary_key=True)
    published_at: datetime
    published_by: str = Field(max_length=64)
    note: str = Field(default="", max_length=1000)


class ConditionRow(SQLModel, table=True):
    __tablename__ = "conditions"
    __table_args__ = (
        sa.ForeignKeyConstraint(
            ["area_code", "version"], ["condition_versions.area_code", "condition_versions.version"]
        ),
        SERVICE,
    )

    area_code: str = Field(primary_key=True, max_length=40)
    version: int = Field(primary_key=True)
    code: str = Field(primary_key=True, max_length=60)
    position: int
    kind: ConditionKind = Field(sa_type=enum_column(ConditionKind))
    title_sv: str = Field(max_length=300)
    title_en: str = Field(max_length=300)
    control_points: list[str] = Field(sa_type=sa.JSON)
    sanctions: list[str] = Field(sa_type=sa.JSON)
    evidence: Evidence = Field(sa_type=enum_column(Evidence))
    requirement: str | None = Field(default=None, max_length=32)

    def condition(self) -> Condition:
        return Condition.model_validate(
            self.model_dump(include=set(Condition.model_fields)), strict=False, context=STORED
        )

    @classmethod
    def of(cls, area_code: str, version: int, position: int, condition: Condition) -> "ConditionRow":
        return cls(
            area_code=area_code, version=version, position=position, **condition.model_dump(mode="json")
        )


async def legal_frame(session: AsyncSession, code: str) -> LegalFrame | None:
    return await session.get(LegalFrame, code)


async def all_legal_frames(session: AsyncSession) -> list[LegalFrame]:
    return list((await session.exec(select(LegalFrame).order_by(col(LegalFrame.code)))).all())


async def area(session: AsyncSession, code: str, *, for_update: bool = False) -> Area | None:
    if not for_update:
        return await session.get(Area, code)
    return (await session.exec(select(Area).where(Area.code == code).with_for_update())).first()


async def all_areas(session: AsyncSession) -> list[Area]:
    return list((await session.exec(select(Area).order_by(col(Area.code)))).all())


async def condition_version(session: AsyncSession, area_code: str, version: int) -> ConditionVersion | None:
    return await session.get(ConditionVersion, (area_code, version))


async def conditions_of(session: AsyncSession, area_code: str, version: int) -> list[Condition]:
    query = (
        select(ConditionRow)
        .where(ConditionRow.area_code == area_code, ConditionRow.version == version)
        .order_by(col(ConditionRow.position))
    )
    return [row.condition() for row in (await session.exec(query)).all()]


async def add_version(
    session: AsyncSession,
    area_code: str,
    version: int,
    conditions: list[Condition],
    *,
    published_at: datetime,
    published_by: str,
    note: str = "",
) -> ConditionVersion:
    row = ConditionVersion(
        area_code=area_code, version=version, published_at=published_at, published_by=published_by, note=note
    )
    session.add(row)
    await session.flush()  # the version row first: the conditions refer to it
    for position, condition in enumerate(conditions):
        session.add(ConditionRow.of(area_code, version, position, condition))
    return row
