"""The audit trail: an append-only record of every state change, written in the same transaction as the
change itself. Nothing updates or deletes a row of it."""

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel, col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from shared.auth.principal import Principal
from shared.clock import now_utc


class AuditEntry(SQLModel, table=True):
    __tablename__ = "audit_trail"
    __table_args__ = (sa.Index("ix_audit_trail_entity", "entity", "entity_id", "seq"),)

    seq: int | None = Field(default=None, primary_key=True)
    at: datetime
    actor: str = Field(max_length=64, description="client id, or the name of a system job")
    actor_kind: str = Field(max_length=16)
    entity: str = Field(max_length=40)
    entity_id: str = Field(max_length=64)
    action: str = Field(max_length=60)
    from_state: str | None = Field(default=None, max_length=40)
    to_state: str | None = Field(default=None, max_length=40)
    details: dict[str, Any] = Field(default_factory=dict, sa_type=sa.JSON)


def record(
    session: AsyncSession,
    actor: Principal | str,
    entity: str,
    entity_id: str,
    action: str,
    *,
    from_state: str | None = None,
    to_state: str | None = None,
    **details: Any,
) -> None:
    """`actor` is the caller, or a name for who acted without a token (a system job, a registration)."""
    who, kind = (actor.client_id, actor.kind.value) if isinstance(actor, Principal) else (actor, "system")
    session.add(
        AuditEntry(
            at=now_utc(),
            actor=who,
            actor_kind=kind,
            entity=entity,
            entity_id=entity_id,
            action=action,
            from_state=from_state,
            to_state=to_state,
            details=details,
        )
    )


async def trail_of(session: AsyncSession, entity: str, entity_id: str) -> list[AuditEntry]:
    query = select(AuditEntry).where(AuditEntry.entity == entity, AuditEntry.entity_id == entity_id)
    return list((await session.exec(query.order_by(col(AuditEntry.seq)))).all())
