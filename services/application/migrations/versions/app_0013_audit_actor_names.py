"""audit actor names: every entry names who acted, the person (name, role, the client they acted through)
or the client or system job

Revision ID: app_0013
Revises: app_0012
"""

from collections.abc import Sequence

from shared.audit_migrations import add_actor_columns, drop_actor_columns

revision: str = "app_0013"
down_revision: str | Sequence[str] | None = "app_0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    add_actor_columns()


def downgrade() -> None:
    drop_actor_columns()
