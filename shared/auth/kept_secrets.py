"""Secrets a setting may give, or else made once beside the signing keys: every process sharing that folder
(the replicas, the one-command run) shares them, and a restart keeps them."""

import secrets
from pathlib import Path

from shared.settings import Settings


def kept_secret(settings: Settings, configured: str | None, file_name: str) -> bytes:
    if configured:
        return configured.encode()
    path: Path = settings.keys_dir / file_name
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        # Written under a temporary name and renamed: two processes starting together never read half a key.
        partial = path.with_name(f".{file_name}.{secrets.token_hex(4)}")
        partial.write_bytes(secrets.token_urlsafe(32).encode())
        partial.chmod(0o600)
        partial.replace(path) if not path.exists() else partial.unlink()
    return path.read_bytes()
