"""no organisation numbers

Revision ID: rep_0007
Revises: rep_0006

Events no longer carry organisation numbers (a sole trader's is the owner's personal identity number), so
the copy of authorisations kept from them no longer holds one, and the numbers it held are erased.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "rep_0007"
down_revision: str | Sequence[str] | None = "rep_0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("authorisation_copies", schema=None) as batch_op:
        batch_op.drop_column("organisation_number")


def downgrade() -> None:
    # The numbers are gone: a downgraded copy holds empty ones.
    with op.batch_alter_table("authorisation_copies", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "organisation_number",
                sqlmodel.sql.sqltypes.AutoString(length=11),
                nullable=False,
                server_default="",
            )
        )
