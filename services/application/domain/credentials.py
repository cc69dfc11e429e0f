"""How a secret the service gives out is kept: an API client's secret, an invitation's token, a login's state,
sign-in cookie, code or refresh token."""

import hashlib


def hash_secret(secret: str) -> str:
    # Each is 256 random bits, not a password: guessing is hopeless, so a fast hash is enough, keeps the token
    # endpoint cheap (a slow password hash would only protect low-entropy secrets), and a lookup by it is one
    # index probe.
    return hashlib.sha256(secret.encode()).hexdigest()
