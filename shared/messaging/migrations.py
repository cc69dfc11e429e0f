"""Migration steps for the tables every service's database holds alike, the outbox and the consumer inbox of
shared/messaging: each service's migrations call them, as they call shared/append_only for the audit trail,
so the three databases get the same indexes from one definition."""

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import AutoString


def create_partial_index(name: str, table: str, columns: list[str], where: str) -> None:
    """An index on the rows matching `where` only, on SQLite and PostgreSQL alike."""
    op.create_index(
        name, table, columns, unique=False, sqlite_where=sa.text(where), postgresql_where=sa.text(where)
    )


def create_retention_indexes() -> None:
    """What the retention job looks messaging rows up by: published outbox rows by age, those of them that
    still have a body, and applied events by age."""
    create_partial_index("ix_outbox_published", "outbox", ["published_at"], "published_at IS NOT NULL")
    create_partial_index(
        "ix_outbox_published_with_body", "outbox", ["published_at"], "published_at IS NOT NULL AND body <> ''"
    )
    op.create_index("ix_inbox_processed_at", "inbox", ["processed_at"], unique=False)


def drop_retention_indexes() -> None:
    op.drop_index("ix_inbox_processed_at", table_name="inbox")
    op.drop_index("ix_outbox_published_with_body", table_name="outbox")
    op.drop_index("ix_outbox_published", table_name="outbox")


def add_outbox_trace_context() -> None:
    """The trace context an outbox row carries to its message's headers (shared/tracing.py)."""
    for name, length in (("traceparent", 64), ("tracestate", 512)):
        column: sa.Column[str] = sa.Column(name, AutoString(length=length), nullable=True)
        op.add_column("outbox", column)


def drop_outbox_trace_context() -> None:
    op.drop_column("outbox", "tracestate")
    op.drop_column("outbox", "traceparent")
