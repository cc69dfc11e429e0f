"""audit actor names: every entry names who acted, the person (name, role, the client they acted through)
or the client or system job

Revision ID: not_0015
Revises: not_0014
"""

from collections.abc import Sequence

from shared.audit_migrations import add_actor_columns, drop_actor_columns

revision: str = "not_0015"
down_revision: str | Sequence[str] | None = "not_0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    add_actor_columns()


def downgrade() -> None:
    drop_actor_columns()
