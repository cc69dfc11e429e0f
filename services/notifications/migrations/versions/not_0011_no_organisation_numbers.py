"""no organisation numbers

Revision ID: not_0011
Revises: not_0010

Events no longer carry organisation numbers (a sole trader's is the owner's personal identity number), so
provider contacts and work items made from them no longer hold one, and the numbers they held are erased.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "not_0011"
down_revision: str | Sequence[str] | None = "not_0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("provider_contacts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_provider_contacts_organisation_number"))
        batch_op.drop_column("organisation_number")
    with op.batch_alter_table("work_items", schema=None) as batch_op:
        batch_op.drop_column("organisation_number")


def downgrade() -> None:
    # The numbers are gone: a downgraded copy holds empty ones until the provider's next event.
    with op.batch_alter_table("work_items", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("organisation_number", sqlmodel.sql.sqltypes.AutoString(length=11), nullable=True)
        )
    with op.batch_alter_table("provider_contacts", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "organisation_number",
                sqlmodel.sql.sqltypes.AutoString(length=11),
                nullable=False,
                server_default="",
            )
        )
        batch_op.create_index(
            batch_op.f("ix_provider_contacts_organisation_number"), ["organisation_number"], unique=False
        )
