"""legal frame periods as an amount and a unit

Revision ID: app_0005
Revises: app_0004
Create Date: 2026-12-03 08:40:00.000000

A period in weeks ends on the same weekday and one in months on the same date (lag (1930:173) 1 §), so a
frame keeps its period as the law states it rather than as days: 21 days become 3 weeks.
"""

from collections.abc import Sequence

from alembic import op
import sqlalchemy as sa


revision: str = "app_0005"
down_revision: str | Sequence[str] | None = "app_0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PERIOD_UNIT = sa.Enum("days", "weeks", "months", name="periodunit", native_enum=False, length=32)
FRAMES = sa.table(
    "legal_frames",
    sa.column("period_days", sa.Integer()),
    sa.column("period_amount", sa.Integer()),
    sa.column("period_unit", sa.String(32)),
)


def upgrade() -> None:
    with op.batch_alter_table("legal_frames", schema=None) as batch_op:
        batch_op.add_column(sa.Column("period_amount", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("period_unit", PERIOD_UNIT, nullable=True))
    whole_weeks = FRAMES.c.period_days % 7 == 0
    op.execute(
        FRAMES.update().values(
            period_amount=sa.case((whole_weeks, FRAMES.c.period_days // 7), else_=FRAMES.c.period_days),
            period_unit=sa.case((whole_weeks, "weeks"), else_="days"),
        )
    )
    with op.batch_alter_table("legal_frames", schema=None) as batch_op:
        batch_op.alter_column("period_amount", existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column("period_unit", existing_type=PERIOD_UNIT, nullable=False)
        batch_op.drop_column("period_days")


def downgrade() -> None:
    # A month has no fixed number of days, so a frame counted in months cannot go back to days.
    months = op.get_bind().execute(
        sa.select(sa.func.count()).select_from(FRAMES).where(FRAMES.c.period_unit == "months")
    )
    if months.scalar_one():
        raise RuntimeError("A legal frame's period is in months, which the earlier schema cannot hold.")
    with op.batch_alter_table("legal_frames", schema=None) as batch_op:
        batch_op.add_column(sa.Column("period_days", sa.Integer(), nullable=True))
    op.execute(
        FRAMES.update().values(
            period_days=sa.case(
                (FRAMES.c.period_unit == "weeks", FRAMES.c.period_amount * 7), else_=FRAMES.c.period_amount
            )
        )
    )
    with op.batch_alter_table("legal_frames", schema=None) as batch_op:
        batch_op.alter_column("period_days", existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column("period_unit")
        batch_op.drop_column("period_amount")
