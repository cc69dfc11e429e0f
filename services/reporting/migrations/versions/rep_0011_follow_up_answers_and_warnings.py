"""follow-up answers and warnings: every answer kept with staff's verdict on it, documents tied to the answer
they went with, and the warning a request follows up

Revision ID: rep_0011
Revises: rep_0010
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "rep_0011"
down_revision: str | Sequence[str] | None = "rep_0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "follow_up_answers",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("request_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.Column("responded_by", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("responded_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column(
            "verdict",
            sa.Enum("accepted", "rejected", name="answerverdict", native_enum=False, length=32),
            nullable=True,
        ),
        sa.Column("reasons", sa.Text(), nullable=True),
        sa.Column("decided_by", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("decided_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["request_id"], ["follow_up_requests.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("request_id", "number"),
        info={"service": "reporting"},
    )
    with op.batch_alter_table("follow_up_answers", schema=None) as batch_op:
        batch_op.create_index("ix_follow_up_answers_request_id", ["request_id"], unique=False)
    with op.batch_alter_table("follow_up_requests", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("warning_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=True)
        )
        batch_op.add_column(
            sa.Column("condition_code", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=True)
        )
        batch_op.add_column(sa.Column("accepted_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
        batch_op.create_index("ux_follow_up_requests_warning", ["warning_id"], unique=True)
    with op.batch_alter_table("follow_up_documents", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("answer_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=True)
        )
        batch_op.create_foreign_key(
            "fk_follow_up_documents_answer_id", "follow_up_answers", ["answer_id"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("follow_up_documents", schema=None) as batch_op:
        batch_op.drop_constraint("fk_follow_up_documents_answer_id", type_="foreignkey")
        batch_op.drop_column("answer_id")
    with op.batch_alter_table("follow_up_requests", schema=None) as batch_op:
        batch_op.drop_index("ux_follow_up_requests_warning")
        batch_op.drop_column("accepted_at")
        batch_op.drop_column("condition_code")
        batch_op.drop_column("warning_id")
    with op.batch_alter_table("follow_up_answers", schema=None) as batch_op:
        batch_op.drop_index("ix_follow_up_answers_request_id")
    op.drop_table("follow_up_answers")
