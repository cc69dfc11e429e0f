"""Webhook signatures check out with the reference Standard Webhooks library and fail on any change;
URLs inside the network are refused; failed deliveries are retried on the schedule, then given up."""

import time
from datetime import UTC, datetime, timedelta

import pytest
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from services.notifications.domain.deliveries import next_attempt
from services.notifications.domain.webhooks import (
    is_private,
    new_secret,
    signed_headers,
    signing_secrets,
    url_problems,
)

BODY = '{"type":"application.approved","data":{"area_code":"hemtjanst","note":"Godkänd ✓"}}'


def test_a_signature_verifies_with_the_reference_library() -> None:
    secret = new_secret()
    headers = signed_headers([secret], "msg_1", int(time.time()), BODY)
    assert Webhook(secret).verify(BODY, headers)["type"] == "application.approved"


@pytest.mark.parametrize(
    "tamper",
    [
        lambda body, headers, secret: (body.replace("hemtjanst", "boendestod"), headers, secret),
        lambda body, headers, secret: (body, {**headers, "webhook-id": "msg_2"}, secret),
        lambda body, headers, secret: (body, headers, new_secret()),
    ],
    ids=["altered body", "other message id", "other secret"],
)
def test_a_signature_fails_when_anything_is_changed(tamper) -> None:  # type: ignore[no-untyped-def]
    secret = new_secret()
    body, headers, key = tamper(BODY, signed_headers([secret], "msg_1", int(time.time()), BODY), secret)
    with pytest.raises(WebhookVerificationError):
        Webhook(key).verify(body, headers)


def test_a_secret_is_new_each_time() -> None:
    assert new_secret() != new_secret() and new_secret().startswith("whsec_")


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",
        "100.64.0.1",
        "0.0.0.0",  # noqa: S104
        "::1",
        "fe80::1%eth0",
        "fc00::1",
        "::ffff:127.0.0.1",
        "224.0.0.1",
        # IPv4 inside IPv6, in each form: mapped, compatible, NAT64 (well-known and local-use), 6to4, Teredo
        "::ffff:10.0.0.1",
        "::ffff:7f00:1",
        "::127.0.0.1",
        "::7f00:1",
        "::a9fe:a9fe",
        "::192.168.1.1",
        "64:ff9b::7f00:1",
        "64:ff9b::127.0.0.1",
        "64:ff9b::a00:1",
        "64:ff9b::a9fe:a9fe",
        "64:ff9b:1::7f00:1",
        "2002:7f00:1::1",
        "2002:a00:1::1",
        "2002:c0a8:101::1",
        "2001:0:4136:e378:8000:63bf:80ff:fffe",  # Teredo whose client is 127.0.0.1
        "2001:0:4136:e378:8000:63bf:f5ff:fffe",  # Teredo whose client is 10.0.0.1
    ],
)
def test_addresses_inside_a_network_are_private(address: str) -> None:
    assert is_private(address)


@pytest.mark.parametrize(
    "address",
    [
        "::ffff:93.184.215.14",
        "64:ff9b::5db8:d70e",  # NAT64 to 93.184.215.14
        "2002:5db8:d70e::1",  # 6to4 of 93.184.215.14
    ],
)
def test_ipv6_carrying_a_public_ipv4_address_is_public(address: str) -> None:
    assert not is_private(address)


@pytest.mark.parametrize("address", ["93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c"])
def test_public_addresses_are_not(address: str) -> None:
    assert not is_private(address)


def test_url_rules() -> None:
    assert url_problems("https://hooks.omsorg.example/in", allow_http=False) == []
    assert url_problems("http://hooks.omsorg.example/in", allow_http=False) == ["must be an https:// URL"]
    assert url_problems("http://127.0.0.1:9000/in", allow_http=True) == []
    assert "must name a host" in url_problems("https:///in", allow_http=False)
    assert len(url_problems("https://user:pw@hooks.example/#x", allow_http=False)) == 2
    assert url_problems("ftp://hooks.example/", allow_http=True) == ["must be an http(s):// URL"]


def test_failed_deliveries_are_retried_on_the_schedule_then_given_up() -> None:
    now = datetime(2026, 11, 24, tzinfo=UTC)
    delays = (5.0, 300.0)
    assert next_attempt(1, delays, now) == now + timedelta(seconds=5)
    assert next_attempt(2, delays, now) == now + timedelta(seconds=300)
    assert next_attempt(3, delays, now) is None


def test_during_a_rotations_overlap_both_secrets_sign_and_each_verifies() -> None:
    old, new = new_secret(), new_secret()
    rotated = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
    overlap = timedelta(hours=24)
    during = signing_secrets(new, old, rotated, overlap, rotated + timedelta(hours=23))
    assert during == [new, old]
    assert signing_secrets(new, old, rotated, overlap, rotated + overlap) == [new]
    assert signing_secrets(new, None, None, overlap, rotated) == [new]

    headers = signed_headers(during, "msg_1", int(time.time()), BODY)
    assert [part.split(",")[0] for part in headers["webhook-signature"].split(" ")] == ["v1", "v1"]
    for secret in (old, new):
        assert Webhook(secret).verify(BODY, headers)["type"] == "application.approved"
    with pytest.raises(WebhookVerificationError):
        Webhook(new_secret()).verify(BODY, headers)
