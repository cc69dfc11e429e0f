"""warnings remedied or past their deadline: when the answer to a warning's follow-up request was accepted,
or its remediation deadline passed without one

Revision ID: app_0015
Revises: app_0014
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "app_0015"
down_revision: str | Sequence[str] | None = "app_0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("warnings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("remedied_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
        batch_op.add_column(
            sa.Column("deadline_passed_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("warnings", schema=None) as batch_op:
        batch_op.drop_column("deadline_passed_at")
        batch_op.drop_column("remedied_at")
