"""Secrets a setting may give, or else made once beside the signing keys: every process sharing that folder
(the replicas, the one-command run) shares them, and a restart keeps them."""

import secrets
from pathlib import Path

from shared.auth.folder_lock import folder_locked
from shared.settings import Settings


def kept_secret(settings: Settings, configured: str | None, file_name: str) -> bytes:
    if configured:
        return configured.encode()
    path: Path = settings.keys_dir / file_name
    with folder_locked(settings.keys_dir):
        if not path.exists():
            path.write_bytes(secrets.token_urlsafe(32).encode())
            path.chmod(0o600)
        return path.read_bytes()
