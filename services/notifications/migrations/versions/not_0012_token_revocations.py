"""token revocations: the API clients revoked lately, whose earlier tokens every process refuses

Revision ID: not_0012
Revises: not_0011
Create Date: 2026-12-03 12:30:00
"""

from collections.abc import Sequence

from shared.auth.revocations import create_token_revocations, drop_token_revocations

revision: str = "not_0012"
down_revision: str | Sequence[str] | None = "not_0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    create_token_revocations()


def downgrade() -> None:
    drop_token_revocations()
