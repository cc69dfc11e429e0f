"""The rules of a person's login that need no server: PKCE, redirect URIs, how a person is keyed, and what
of an upstream's claims is kept."""

import hashlib
import hmac
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from authlib.oauth2.rfc7636 import create_s256_code_challenge

from shared.free_text import identity_number_in
from shared.settings import LoginClient

# RFC 7636 §4.1: 43 to 128 unreserved characters; an S256 challenge is always 43 of base64url.
_VERIFIER = re.compile(r"^[A-Za-z0-9\-._~]{43,128}$")
_S256_CHALLENGE = re.compile(r"^[A-Za-z0-9\-_]{43}$")
_LOOPBACK_HOSTS = frozenset({"127.0.0.1", "::1"})
# The OAuth `state` a client sends is echoed back untouched; anything longer is not a state but a payload.
MAX_CLIENT_STATE = 500


class UpstreamKind:
    PROVIDER = "provider"
    STAFF = "staff"
    ALL = ("provider", "staff")


def well_formed_challenge(challenge: str) -> bool:
    return bool(_S256_CHALLENGE.fullmatch(challenge))


def verifier_matches(verifier: str, challenge: str) -> bool:
    return bool(_VERIFIER.fullmatch(verifier)) and hmac.compare_digest(
        create_s256_code_challenge(verifier), challenge
    )


def redirect_uri_allowed(client: LoginClient, uri: str) -> bool:
    """Exactly one of the client's registered URIs; for a loopback one, on any port (RFC 8252 §7.3), since a
    tool on the person's machine listens where it can."""
    if uri in client.redirect_uris:
        return True
    asked = _loopback(uri)
    return asked is not None and any(_loopback(known) == asked for known in client.redirect_uris)


def _loopback(uri: str) -> tuple[str, str, str] | None:
    """A loopback http URI as host, path and query, its port left out; None for any other."""
    try:
        parts = urlsplit(uri)
        parts.port  # noqa: B018 - a port that is not a number raises here
    except ValueError:
        return None
    if parts.scheme != "http" or parts.hostname not in _LOOPBACK_HOSTS or parts.fragment or parts.username:
        return None
    return parts.hostname, parts.path, parts.query


def person_subject(subject: str, key: bytes) -> str:
    """What a person is kept under. Some e-ID brokers give the personal identity number as the subject: it is
    never kept, only a keyed hash of it, which finds the same person at the next login and tells nobody the
    number (an unkeyed hash of a ten-digit number is reversed by trying them all)."""
    if identity_number_in(subject):
        return "pin-hmac:" + hmac.new(key, subject.encode(), hashlib.sha256).hexdigest()
    return subject


@dataclass(frozen=True)
class VouchedIdentity:
    """What is kept of an upstream's ID token: never an identity number, whatever claim carries one."""

    subject: str
    name: str
    email: str | None
    acr: str | None


def vouched_identity(claims: dict[str, object], key: bytes) -> VouchedIdentity:
    name = " ".join(
        str(claims[part]) for part in ("given_name", "family_name") if isinstance(claims.get(part), str)
    )
    name = str(claims["name"]) if isinstance(claims.get("name"), str) else name
    email = claims.get("email") if isinstance(claims.get("email"), str) else None
    acr = claims.get("acr") if isinstance(claims.get("acr"), str) else None
    return VouchedIdentity(
        subject=person_subject(str(claims["sub"]), key),
        name=_lawful(name, 200) or "Namn saknas",
        email=_lawful(str(email), 254) if email else None,
        acr=_lawful(str(acr), 200) if acr else None,
    )


def _lawful(value: str, limit: int) -> str | None:
    # A claim that carries an identity number is dropped whole, not cut, so no part of one is kept.
    if identity_number_in(value):
        return None
    return value[:limit].strip() or None
