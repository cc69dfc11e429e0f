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
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

SECRET_PREFIX = "whsec_"  # noqa: S105 (the format's marker, not a secret)
MAX_URL_LENGTH = 500


def new_secret() -> str:
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


def signing_secrets(
    secret: str, previous: str | None, rotated_at: datetime | None, overlap: timedelta, now: datetime
) -> list[str]:
    """The secrets a message is signed with: the subscription's, and during the overlap after a rotation
    also the one before it, so that a receiver still checking with the old secret keeps accepting."""
    if previous is not None and rotated_at is not None and now < rotated_at + overlap:
        return [secret, previous]
    return [secret]


def signature(secret: str, message_id: str, timestamp: int, body: str) -> str:
    key = base64.b64decode(secret.removeprefix(SECRET_PREFIX))
    signed = f"{message_id}.{timestamp}.{body}".encode()
    return "v1," + base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()


def signed_headers(signing: Sequence[str], message_id: str, timestamp: int, body: str) -> dict[str, str]:
    """Standard Webhooks headers; with several secrets, `webhook-signature` holds one signature for each,
    space-separated, and a receiver accepts the message if any of them verifies."""
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": " ".join(signature(secret, message_id, timestamp, body) for secret in signing),
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


# IPv6 prefixes whose last 32 bits are an IPv4 address that a translator or relay reaches for the sender:
# NAT64's well-known prefix (RFC 6052) and its local-use prefix (RFC 8215).
_NAT64 = (ipaddress.IPv6Network("64:ff9b::/96"), ipaddress.IPv6Network("64:ff9b:1::/48"))


def is_private(address: str) -> bool:
    """Loopback, private, link-local, shared, reserved or multicast: anything not on the public internet,
    where a webhook could reach the municipality's own network instead of the provider's system. An IPv6
    address that carries an IPv4 address is judged by both, so no IPv4 target hides inside one."""
    ip: Any = ipaddress.ip_address(address.split("%", 1)[0])
    candidates = [ip]
    if isinstance(ip, ipaddress.IPv6Address):
        candidates += embedded_ipv4(ip)
    return any(not each.is_global or each.is_multicast for each in candidates)


def embedded_ipv4(ip: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """The IPv4 addresses an IPv6 address carries: IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible
    (::a.b.c.d, deprecated but still routed by some stacks), NAT64, 6to4 (2002::/16) and Teredo (2001::/32,
    whose client address is stored inverted: `ipaddress` decodes it)."""
    found: list[ipaddress.IPv4Address] = []
    low32 = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    if ip.ipv4_mapped is not None:
        found.append(ip.ipv4_mapped)
    if int(ip) >> 32 == 0:
        found.append(low32)
    if any(ip in prefix for prefix in _NAT64):
        found.append(low32)
    if ip.sixtofour is not None:
        found.append(ip.sixtofour)
    if ip.teredo is not None:
        found.extend(ip.teredo)
    return found


def is_ip_literal(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


def message_id(delivery_id: str) -> str:
    """The `webhook-id` of a delivery: the same on every attempt, so a receiver can drop repeats."""
    return f"msg_{delivery_id}"
