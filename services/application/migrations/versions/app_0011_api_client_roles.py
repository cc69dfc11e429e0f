"""api client roles: a client holds a role, and its scopes follow from it

Revision ID: app_0011
Revises: app_0010
Create Date: 2026-12-03 15:00:00

The clients there already keep what they could do: a provider's client could do everything its organisation
may, which is an administrator's role now; a staff client becomes an officer and an admin client a staff
administrator. The scopes column goes, since the role names them (shared/auth/principal.py SCOPES_OF_ROLE).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "app_0011"
down_revision: str | Sequence[str] | None = "app_0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CLIENTS = sa.table(
    "api_clients",
    sa.column("kind", sa.String(16)),
    sa.column("role", sa.String(16)),
    sa.column("scopes", sa.String(200)),
)
# As it was when this revision was written: a later change of the roles must not rewrite history.
ROLE_OF_KIND = {"provider": "administrator", "staff": "officer", "admin": "staff_admin"}
SCOPES_OF_KIND = {"provider": "provider", "staff": "staff", "admin": "staff admin"}


def upgrade() -> None:
    with op.batch_alter_table("api_clients", schema=None) as batch_op:
        batch_op.add_column(sa.Column("role", sa.String(length=16), nullable=True))
    op.execute(CLIENTS.update().values(role=sa.case(ROLE_OF_KIND, value=CLIENTS.c.kind)))
    with op.batch_alter_table("api_clients", schema=None) as batch_op:
        batch_op.alter_column("role", existing_type=sa.String(length=16), nullable=False)
        batch_op.drop_column("scopes")


def downgrade() -> None:
    with op.batch_alter_table("api_clients", schema=None) as batch_op:
        batch_op.add_column(sa.Column("scopes", sa.String(length=200), nullable=True))
    op.execute(CLIENTS.update().values(scopes=sa.case(SCOPES_OF_KIND, value=CLIENTS.c.kind)))
    with op.batch_alter_table("api_clients", schema=None) as batch_op:
        batch_op.alter_column("scopes", existing_type=sa.String(length=200), nullable=False)
        batch_op.drop_column("role")
