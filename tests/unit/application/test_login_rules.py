"""The login's rules that need no server: PKCE S256, which redirect URIs a client may use, and what of an
upstream's claims is kept."""

import base64
import hashlib

import pytest

from services.application.domain.login import (
    person_subject,
    redirect_uri_allowed,
    verifier_matches,
    vouched_identity,
    well_formed_challenge,
)
from shared.settings import LoginClient
from tests.support.identity_numbers import personal_number

KEY = b"k" * 32
CLI = LoginClient(client_id="cli", name="CLI", redirect_uris=("http://127.0.0.1/callback",))
PORTAL = LoginClient(
    client_id="portal", name="Portal", redirect_uris=("https://kundval.example/portal/callback",)
)


def challenge_of(verifier: str) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()


def test_the_verifier_must_hash_to_the_challenge() -> None:
    verifier = "v" * 43
    assert verifier_matches(verifier, challenge_of(verifier))
    assert not verifier_matches("w" * 43, challenge_of(verifier))
    # RFC 7636: 43 to 128 unreserved characters, even when the hash would match.
    assert not verifier_matches("v" * 42, challenge_of("v" * 42))
    assert not verifier_matches("v" * 129, challenge_of("v" * 129))
    assert not verifier_matches("v" * 42 + "+", challenge_of("v" * 42 + "+"))


def test_a_challenge_is_43_characters_of_base64url() -> None:
    assert well_formed_challenge(challenge_of("x" * 50))
    assert not well_formed_challenge(challenge_of("x" * 50)[:-1])
    assert not well_formed_challenge("=" * 43)


@pytest.mark.parametrize(
    ("client", "uri", "allowed"),
    [
        (PORTAL, "https://kundval.example/portal/callback", True),
        (PORTAL, "https://kundval.example/portal/callback?x=1", False),
        (PORTAL, "https://kundval.example/portal/other", False),
        (PORTAL, "https://kundval.example:8443/portal/callback", False),
        (CLI, "http://127.0.0.1/callback", True),
        (CLI, "http://127.0.0.1:51234/callback", True),
        (CLI, "http://127.0.0.1:51234/other", False),
        (CLI, "http://localhost:51234/callback", False),
        (CLI, "https://127.0.0.1:51234/callback", False),
        (CLI, "http://127.0.0.1:51234/callback#fragment", False),
        (CLI, "http://user@127.0.0.1:51234/callback", False),
        (CLI, "http://127.0.0.1:port/callback", False),
        (CLI, "http://127.0.0.1.attacker.example/callback", False),
    ],
)
def test_only_a_registered_redirect_uri_or_its_loopback_port_variant(
    client: LoginClient, uri: str, allowed: bool
) -> None:
    assert redirect_uri_allowed(client, uri) is allowed


def test_an_identity_number_used_as_subject_is_kept_only_as_a_keyed_hash() -> None:
    number = "19" + personal_number("850709", "238").replace("-", "")
    kept = person_subject(number, KEY)
    assert number not in kept and number[2:] not in kept
    assert kept == person_subject(number, KEY)
    assert kept != person_subject(number, b"another key".ljust(32))
    assert person_subject("a1b2c3-opaque-subject", KEY) == "a1b2c3-opaque-subject"


def test_of_the_claims_only_name_email_and_acr_are_kept_and_none_with_a_number() -> None:
    number = personal_number("850709", "238")
    identity = vouched_identity(
        {
            "sub": "opaque",
            "given_name": "Anna",
            "family_name": "Andersson",
            "email": f"{number}@example.se",
            "personal_identity_number": number,
            "acr": "loa3",
        },
        KEY,
    )
    assert identity.name == "Anna Andersson"
    assert identity.email is None
    assert identity.acr == "loa3"
    assert number not in repr(identity)
