"""inbox entries by recipient and number

Revision ID: not_0008
Revises: not_0007
"""

from collections.abc import Sequence

from alembic import op

revision: str = "not_0008"
down_revision: str | Sequence[str] | None = "not_0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A live stream asks for a recipient's entries after a number, and where it starts, at every poll.
    op.create_index("ix_inbox_entries_recipient_seq", "inbox_entries", ["recipient", "seq"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_inbox_entries_recipient_seq", table_name="inbox_entries")
