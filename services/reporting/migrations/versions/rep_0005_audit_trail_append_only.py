"""audit trail append-only: the database refuses to update or delete an entry

Revision ID: rep_0005
Revises: rep_0004
Create Date: 2026-12-03 08:40:00.000000
"""

from collections.abc import Sequence

from shared.append_only import allow_changes, refuse_changes

revision: str = "rep_0005"
down_revision: str | Sequence[str] | None = "rep_0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    refuse_changes("audit_trail")


def downgrade() -> None:
    allow_changes("audit_trail")
