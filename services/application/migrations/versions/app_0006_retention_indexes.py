"""retention indexes: what the retention job looks rows up by

Revision ID: app_0006
Revises: app_0005
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "app_0006"
down_revision: str | Sequence[str] | None = "app_0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Published outbox rows by age, and those of them that still have a body; applied events by age.
    op.create_index(
        "ix_outbox_published",
        "outbox",
        ["published_at"],
        unique=False,
        sqlite_where=sa.text("published_at IS NOT NULL"),
        postgresql_where=sa.text("published_at IS NOT NULL"),
    )
    op.create_index(
        "ix_outbox_published_with_body",
        "outbox",
        ["published_at"],
        unique=False,
        sqlite_where=sa.text("published_at IS NOT NULL AND body <> ''"),
        postgresql_where=sa.text("published_at IS NOT NULL AND body <> ''"),
    )
    op.create_index("ix_inbox_processed_at", "inbox", ["processed_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_inbox_processed_at", table_name="inbox")
    op.drop_index("ix_outbox_published_with_body", table_name="outbox")
    op.drop_index("ix_outbox_published", table_name="outbox")
