"""Migration steps of the audit trail every service's database holds alike: each service's migrations call
them, so the three trails get the same columns from one definition."""

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import AutoString

from shared.append_only import allow_changes, refuse_changes

_TABLE = "audit_trail"


def add_actor_columns() -> None:
    """Who acted, as people read it: the actor's name and role, and the client a person acted through.

    An entry written before knew only its actor's id, which is also its name (a client's id or a job's):
    the name is filled in from it. That one UPDATE is why the append-only protection is lifted, inside
    this migration's transaction, and put back before it ends. On SQLite, making the column NOT NULL
    rebuilds the table, which drops its triggers anyway."""
    allow_changes(_TABLE)
    with op.batch_alter_table(_TABLE) as batch:
        batch.add_column(sa.Column("actor_name", AutoString(length=200), nullable=True))
        batch.add_column(sa.Column("actor_role", AutoString(length=16), nullable=True))
        batch.add_column(sa.Column("actor_client", AutoString(length=64), nullable=True))
    op.execute("UPDATE audit_trail SET actor_name = actor")
    with op.batch_alter_table(_TABLE) as batch:
        batch.alter_column("actor_name", existing_type=AutoString(length=200), nullable=False)
    refuse_changes(_TABLE)


def drop_actor_columns() -> None:
    allow_changes(_TABLE)
    with op.batch_alter_table(_TABLE) as batch:
        batch.drop_column("actor_client")
        batch.drop_column("actor_role")
        batch.drop_column("actor_name")
    refuse_changes(_TABLE)
