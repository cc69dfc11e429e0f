"""retention indexes: what the retention job looks rows up by

Revision ID: rep_0006
Revises: rep_0005
"""

from collections.abc import Sequence

from shared.messaging.migrations import create_retention_indexes, drop_retention_indexes

revision: str = "rep_0006"
down_revision: str | Sequence[str] | None = "rep_0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    create_retention_indexes()


def downgrade() -> None:
    drop_retention_indexes()
