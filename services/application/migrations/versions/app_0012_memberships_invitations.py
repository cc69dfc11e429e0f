"""memberships, staff roles and invitations; a provider registration's status

Revision ID: app_0012
Revises: app_0011
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import AutoString, UTCDateTime

revision: str = "app_0012"
down_revision: str | Sequence[str] | None = "app_0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "invitations",
        sa.Column("id", AutoString(length=36), nullable=False),
        sa.Column("provider_id", AutoString(length=36), nullable=False),
        sa.Column("email", AutoString(length=254), nullable=False),
        sa.Column("role", AutoString(length=16), nullable=False),
        sa.Column("token_hash", AutoString(length=64), nullable=False),
        sa.Column("status", AutoString(length=16), nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=False),
        sa.Column("used_at", UTCDateTime(), nullable=True),
        sa.Column("used_by", AutoString(length=36), nullable=True),
        sa.Column("revoked_at", UTCDateTime(), nullable=True),
        sa.Column("created_by", AutoString(length=64), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["provider_id"], ["providers.id"]),
        sa.ForeignKeyConstraint(["used_by"], ["persons.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token_hash"),
    )
    op.create_index("ix_invitations_provider_created", "invitations", ["provider_id", "created_at", "id"])
    op.create_table(
        "memberships",
        sa.Column("id", AutoString(length=36), nullable=False),
        sa.Column("person_id", AutoString(length=36), nullable=False),
        sa.Column("provider_id", AutoString(length=36), nullable=False),
        sa.Column("role", AutoString(length=16), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["persons.id"]),
        sa.ForeignKeyConstraint(["provider_id"], ["providers.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("person_id", "provider_id", name="uq_memberships_person_provider"),
    )
    op.create_index("ix_memberships_person_id", "memberships", ["person_id"])
    op.create_index("ix_memberships_provider_created", "memberships", ["provider_id", "created_at", "id"])
    op.create_table(
        "staff_roles",
        sa.Column("id", AutoString(length=36), nullable=False),
        sa.Column("person_id", AutoString(length=36), nullable=False),
        sa.Column("role", AutoString(length=16), nullable=False),
        sa.Column("area_code", AutoString(length=40), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["persons.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("person_id", "role", "area_code", name="uq_staff_roles_person_role_area"),
    )
    op.create_index("ix_staff_roles_person_id", "staff_roles", ["person_id"])
    # Organisations registered before registrations were approved count as pending until staff approve.
    with op.batch_alter_table("providers") as batch:
        batch.add_column(
            sa.Column("registration_status", AutoString(length=16), server_default="pending", nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("providers") as batch:
        batch.drop_column("registration_status")
    op.drop_index("ix_staff_roles_person_id", table_name="staff_roles")
    op.drop_table("staff_roles")
    op.drop_index("ix_memberships_provider_created", table_name="memberships")
    op.drop_index("ix_memberships_person_id", table_name="memberships")
    op.drop_table("memberships")
    op.drop_index("ix_invitations_provider_created", table_name="invitations")
    op.drop_table("invitations")
