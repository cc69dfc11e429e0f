"""sessions: the portal's sessions of people, their tokens encrypted

Revision ID: por_0001
Revises:
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "por_0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    op.create_table(
        "portal_sessions",
        sa.Column("id_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", UTC(), nullable=False),
        sa.Column("seen_at", UTC(), nullable=False),
        sa.Column("logged_in_at", UTC(), nullable=True),
        sa.Column("csrf_token", sa.String(length=64), nullable=False),
        sa.Column("person", sa.JSON(), nullable=True),
        sa.Column("vault", sa.String(length=8000), nullable=True),
        sa.Column("access_expires_at", UTC(), nullable=True),
        sa.Column("login_state_hash", sa.String(length=64), nullable=True),
        sa.Column("return_to", sa.String(length=500), nullable=True),
        sa.PrimaryKeyConstraint("id_hash"),
    )
    op.create_index("ix_portal_sessions_seen_at", "portal_sessions", ["seen_at"])


def downgrade() -> None:
    op.drop_index("ix_portal_sessions_seen_at", table_name="portal_sessions")
    op.drop_table("portal_sessions")
