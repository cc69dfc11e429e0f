"""trace context on outbox rows and deliveries: the W3C traceparent (and tracestate) of the span that wrote
each event, and of the consumer span that made each delivery

Revision ID: not_0017
Revises: not_0016
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

from shared.messaging.migrations import add_outbox_trace_context, drop_outbox_trace_context

revision: str = "not_0017"
down_revision: str | Sequence[str] | None = "not_0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    add_outbox_trace_context()
    op.add_column(
        "deliveries", sa.Column("traceparent", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True)
    )


def downgrade() -> None:
    op.drop_column("deliveries", "traceparent")
    drop_outbox_trace_context()
