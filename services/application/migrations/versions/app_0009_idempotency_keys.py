"""idempotency keys: the kept answers of creating POSTs, shared by every replica

Revision ID: app_0009
Revises: app_0008
"""

from collections.abc import Sequence

from shared.idempotency.table import create_idempotency_keys, drop_idempotency_keys

revision: str = "app_0009"
down_revision: str | Sequence[str] | None = "app_0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    create_idempotency_keys()


def downgrade() -> None:
    drop_idempotency_keys()
