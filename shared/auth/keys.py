"""Signing keys: PEM files in a folder. Every key is published in the JWKS; the newest one signs, so a
new key can be added for rotation while tokens signed by the old one stay valid until it is removed."""

from pathlib import Path

from joserfc.jwk import KeySet, RSAKey

from shared.auth.folder_lock import folder_locked

SIGNING_ALGORITHM = "RS256"


class SigningKeys:
    def __init__(self, keys: list[RSAKey]) -> None:
        if not keys:
            raise ValueError("at least one signing key is needed")
        for key in keys:
            key.ensure_kid()
        self._keys = keys

    @classmethod
    def load_or_create(cls, folder: Path) -> "SigningKeys":
        with folder_locked(folder):
            files = sorted(folder.glob("*.pem"), key=lambda p: (p.stat().st_mtime, p.name))
            if not files:
                key = RSAKey.generate_key(2048, private=True)
                key.ensure_kid()
                path = folder / f"{key.kid}.pem"
                path.write_bytes(key.as_pem(private=True))
                path.chmod(0o600)
                files = [path]
            return cls([RSAKey.import_key(p.read_bytes()) for p in files])

    @property
    def current(self) -> RSAKey:
        return self._keys[-1]

    def public_key_set(self) -> KeySet:
        return KeySet([RSAKey.import_key(k.as_dict(private=False)) for k in self._keys])

    def jwks(self) -> dict[str, object]:
        return {
            "keys": [{**k.as_dict(private=False), "use": "sig", "alg": SIGNING_ALGORITHM} for k in self._keys]
        }
