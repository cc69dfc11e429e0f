"""substitute competence: an absence keeps the competence pre-check of its substitute

Revision ID: rep_0012
Revises: rep_0011

The substitute's competence details live in the absence's `substitute` JSON with its name; the pre-check
made on them, shown to staff only, gets its own column. Absences reported before have none.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "rep_0012"
down_revision: str | Sequence[str] | None = "rep_0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("manager_absences", schema=None) as batch_op:
        batch_op.add_column(sa.Column("precheck", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("manager_absences", schema=None) as batch_op:
        batch_op.drop_column("precheck")
