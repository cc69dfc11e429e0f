"""token revocations: the API clients revoked lately, whose earlier tokens every process refuses

Revision ID: not_0012
Revises: not_0011
Create Date: 2026-12-03 12:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "not_0012"
down_revision: str | Sequence[str] | None = "not_0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "token_revocations",
        sa.Column("client_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("revoked_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("client_id"),
    )
    op.create_index("ix_token_revocations_revoked_at", "token_revocations", ["revoked_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_token_revocations_revoked_at", table_name="token_revocations")
    op.drop_table("token_revocations")
