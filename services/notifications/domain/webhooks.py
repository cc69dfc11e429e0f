"""Webhook rules: which URLs may receive, and the Standard Webhooks signature that lets a receiver check
a message came from us unaltered. No I/O.

Signing is a few lines of the standard library (HMAC-SHA256 over "id.timestamp.body"); the reference
`standardwebhooks` package would bring an HTTP client we do not use, and the tests verify our signatures
with it, so the two implementations check each other."""

import base64
import hashlib
import hmac
import ipaddress
import secrets
from typing import Any
from urllib.parse import urlsplit

SECRET_PREFIX = "whsec_"  # noqa: S105 (the format's marker, not a secret)
MAX_URL_LENGTH = 500


def new_secret() -> str:
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


def signature(secret: str, message_id: str, timestamp: int, body: str) -> str:
    key = base64.b64decode(secret.removeprefix(SECRET_PREFIX))
    signed = f"{message_id}.{timestamp}.{body}".encode()
    return "v1," + base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()


def signed_headers(secret: str, message_id: str, timestamp: int, body: str) -> dict[str, str]:
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": signature(secret, message_id, timestamp, body),
        "Content-Type": "application/json",
    }


def url_problems(url: str, *, allow_http: bool) -> list[str]:
    """What is wrong with a URL as a webhook target, before its host is looked up."""
    if len(url) > MAX_URL_LENGTH:
        return [f"at most {MAX_URL_LENGTH} characters"]
    parts = urlsplit(url)
    schemes = ("https", "http") if allow_http else ("https",)
    problems = []
    if parts.scheme not in schemes:
        problems.append("must be an https:// URL" if not allow_http else "must be an http(s):// URL")
    if not parts.hostname:
        problems.append("must name a host")
    if parts.username or parts.password:
        problems.append("must not carry a user name or password; the signature authenticates us")
    if parts.fragment:
        problems.append("must not have a fragment")
    return problems


def is_private(address: str) -> bool:
    """Loopback, private, link-local, shared, reserved or multicast: anything not on the public internet,
    where a webhook could reach the municipality's own network instead of the provider's system."""
    ip: Any = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return not ip.is_global or ip.is_multicast


def is_ip_literal(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


def message_id(delivery_id: str) -> str:
    """The `webhook-id` of a delivery: the same on every attempt, so a receiver can drop repeats."""
    return f"msg_{delivery_id}"
