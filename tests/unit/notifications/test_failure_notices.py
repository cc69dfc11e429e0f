"""The notice of a failed delivery names what failed and the server's last error, in the owner's language,
on one short line and never with a personal identity number."""

from services.notifications.domain.failure_notices import (
    MAX_ERROR_LENGTH,
    WITHHELD,
    failure_notice,
    short_error,
)
from services.notifications.domain.preferences import Channel, Language
from tests.support.identity_numbers import personal_number


def test_the_error_is_one_short_line() -> None:
    assert short_error("550 5.1.1 <x@example.org>:\r\n user unknown\x1b[0m") == (
        "550 5.1.1 <x@example.org>: user unknown [0m"
    )
    assert len(short_error("HTTP 500 " * 100)) == MAX_ERROR_LENGTH
    assert short_error(None) == "-"


def test_an_identity_number_in_the_error_is_withheld() -> None:
    assert short_error(f"550 no such user {personal_number('850709', '123')}") == WITHHELD


def test_a_webhook_notice_names_the_subscription_and_the_error_in_the_owners_language() -> None:
    for language, word in ((Language.SV, "avstängd"), (Language.EN, "disabled")):
        text = failure_notice(
            Channel.WEBHOOK,
            delivery_id="d-1",
            event_type="application.approved",
            target="s-1",
            error="HTTP 500",
            language=language,
            base_url="https://kundval.example",
        )
        assert word in text.title and "s-1" in text.body and "HTTP 500" in text.body
        assert text.link == "https://kundval.example/webhooks/s-1"


def test_an_email_notice_names_the_address() -> None:
    text = failure_notice(
        Channel.EMAIL,
        delivery_id="d-2",
        event_type="application.approved",
        target="kansli@example.org",
        error="SMTPRecipientsRefused: 550",
        language=Language.EN,
        base_url="https://kundval.example",
    )
    assert "kansli@example.org" in text.title and "550" in text.body
