"""trace context on outbox rows: the W3C traceparent and tracestate of the span that wrote each event

Revision ID: rep_0013
Revises: rep_0012
"""

from collections.abc import Sequence

from shared.messaging.migrations import add_outbox_trace_context, drop_outbox_trace_context

revision: str = "rep_0013"
down_revision: str | Sequence[str] | None = "rep_0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    add_outbox_trace_context()


def downgrade() -> None:
    drop_outbox_trace_context()
