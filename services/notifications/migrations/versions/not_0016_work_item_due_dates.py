"""work item due dates: each item's due date, the late flag of a manager change, and its escalation

Revision ID: not_0016
Revises: not_0015
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

from shared.clock import stockholm_date
from shared.statutory_time import add_working_days

revision: str = "not_0016"
down_revision: str | Sequence[str] | None = "not_0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The working days of each kind when this revision was written, for the items already in the queue.
_DUE_WORKING_DAYS = {
    "review_application": 10,
    "approve_manager_change": 5,
    "note_manager_absence": 5,
    "handle_deviation": 3,
    "review_follow_up_response": 10,
    "chase_follow_up": 5,
    "review_quality_report": 20,
    "chase_quality_report": 5,
}
_OTHER_KINDS = 10


def upgrade() -> None:
    with op.batch_alter_table("work_items", schema=None) as batch_op:
        batch_op.add_column(sa.Column("due_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("late", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column("overdue", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column("overdue_since", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
    items = sa.table(
        "work_items",
        sa.column("id", sa.String()),
        sa.column("kind", sa.String()),
        sa.column("created_at", sqlmodel.sql.sqltypes.UTCDateTime()),
        sa.column("due_on", sa.Date()),
    )
    connection = op.get_bind()
    # Items waiting today are given the due date they would have had: no escalation is skipped.
    for row in connection.execute(sa.select(items.c.id, items.c.kind, items.c.created_at)).all():
        days = _DUE_WORKING_DAYS.get(row.kind, _OTHER_KINDS)
        due = add_working_days(stockholm_date(row.created_at), days)
        connection.execute(sa.update(items).where(items.c.id == row.id).values(due_on=due))
    with op.batch_alter_table("work_items", schema=None) as batch_op:
        batch_op.alter_column("due_on", existing_type=sa.Date(), nullable=False)
        batch_op.create_index(
            "ix_work_items_queue", ["urgent", "overdue", "due_on", "created_at", "id"], unique=False
        )
        batch_op.create_index("ix_work_items_due", ["status", "overdue", "due_on"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("work_items", schema=None) as batch_op:
        batch_op.drop_index("ix_work_items_due")
        batch_op.drop_index("ix_work_items_queue")
        batch_op.drop_column("overdue_since")
        batch_op.drop_column("overdue")
        batch_op.drop_column("late")
        batch_op.drop_column("due_on")
