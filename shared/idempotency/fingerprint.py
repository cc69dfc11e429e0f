"""What makes two requests the same request: method, path with query, and body, byte for byte."""

import hashlib


def fingerprint_of(method: str, path: str, body: bytes) -> str:
    digest = hashlib.sha256()
    for part in (method.encode(), path.encode(), body):
        # Length-prefixed, so that no shift of bytes between the parts gives another request the same print.
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()
