"""retention indexes: what the retention job looks rows up by

Revision ID: not_0010
Revises: not_0009
"""

from collections.abc import Sequence

from alembic import op

from shared.messaging.migrations import create_partial_index, create_retention_indexes, drop_retention_indexes

revision: str = "not_0010"
down_revision: str | Sequence[str] | None = "not_0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    create_retention_indexes()
    # Settled deliveries by age, and notifications read long ago.
    op.create_index("ix_deliveries_status_created", "deliveries", ["status", "created_at"], unique=False)
    create_partial_index("ix_inbox_entries_read", "inbox_entries", ["read_at"], "read_at IS NOT NULL")


def downgrade() -> None:
    op.drop_index("ix_inbox_entries_read", table_name="inbox_entries")
    op.drop_index("ix_deliveries_status_created", table_name="deliveries")
    drop_retention_indexes()
