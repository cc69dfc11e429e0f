"""What follows an attempt, as Notify classifies it: connection errors, 5xx and 429 are retried (after
Retry-After, in seconds or as an HTTP-date, at most a maximum), other 4xx and permanent SMTP replies are not,
410 disables at once, and a spent schedule fails (a webhook's subscription disabled)."""

from datetime import UTC, datetime, timedelta

import pytest

from services.notifications.domain.delivery_outcomes import (
    Attempt,
    Decision,
    Verdict,
    classify,
    decide,
    retry_after_s,
)

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
DELAYS = (5.0, 300.0)


@pytest.mark.parametrize(
    ("attempt", "verdict"),
    [
        (Attempt(True, status_code=200), Verdict.DELIVERED),
        (Attempt(True, status_code=204), Verdict.DELIVERED),
        (Attempt(True), Verdict.DELIVERED),
        (Attempt(False), Verdict.RETRY),
        (Attempt(False, status_code=500), Verdict.RETRY),
        (Attempt(False, status_code=502), Verdict.RETRY),
        (Attempt(False, status_code=503, retry_after="10"), Verdict.RETRY),
        (Attempt(False, status_code=429), Verdict.RETRY),
        (Attempt(False, status_code=400), Verdict.GIVE_UP),
        (Attempt(False, status_code=401), Verdict.GIVE_UP),
        (Attempt(False, status_code=403), Verdict.GIVE_UP),
        (Attempt(False, status_code=404), Verdict.GIVE_UP),
        (Attempt(False, status_code=408), Verdict.GIVE_UP),
        (Attempt(False, status_code=301), Verdict.GIVE_UP),
        (Attempt(False, status_code=410), Verdict.DISABLE),
        (Attempt(False, smtp_code=421), Verdict.RETRY),
        (Attempt(False, smtp_code=450), Verdict.RETRY),
        (Attempt(False, smtp_code=550), Verdict.GIVE_UP),
        (Attempt(False, smtp_code=554), Verdict.GIVE_UP),
    ],
)
def test_each_attempt_is_classified(attempt: Attempt, verdict: Verdict) -> None:
    assert classify(attempt) is verdict


def _decide(attempt: Attempt, attempts_made: int, *, webhook: bool = True) -> Decision:
    return decide(attempt, attempts_made, DELAYS, 600, webhook=webhook, now=NOW)


def test_a_retry_follows_the_schedule_until_it_is_spent() -> None:
    failing = Attempt(False, status_code=500)
    assert _decide(failing, 1) == Decision(Verdict.RETRY, NOW + timedelta(seconds=5))
    assert _decide(failing, 2) == Decision(Verdict.RETRY, NOW + timedelta(seconds=300))
    assert _decide(failing, 3) == Decision(Verdict.DISABLE), "a webhook's subscription is disabled"
    assert _decide(failing, 3, webhook=False) == Decision(Verdict.GIVE_UP), "an email has failed"


def test_retry_after_is_honoured_up_to_the_maximum() -> None:
    limited = Attempt(False, status_code=429, retry_after="2")
    assert _decide(limited, 1) == Decision(Verdict.RETRY, NOW + timedelta(seconds=2))
    later = (NOW + timedelta(seconds=90)).strftime("%a, %d %b %Y %H:%M:%S GMT")
    dated = Attempt(False, status_code=503, retry_after=later)
    assert _decide(dated, 1) == Decision(Verdict.RETRY, NOW + timedelta(seconds=90))
    asking_much = Attempt(False, status_code=429, retry_after="86400")
    assert _decide(asking_much, 1) == Decision(Verdict.RETRY, NOW + timedelta(seconds=600))
    assert _decide(asking_much, 3) == Decision(Verdict.DISABLE), "a Retry-After adds no attempts"


def test_what_is_not_retried_ends_at_the_first_attempt() -> None:
    assert _decide(Attempt(False, status_code=404), 1) == Decision(Verdict.GIVE_UP)
    assert _decide(Attempt(False, status_code=410), 1) == Decision(Verdict.DISABLE)
    assert _decide(Attempt(False, smtp_code=550), 1, webhook=False) == Decision(Verdict.GIVE_UP)


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        (None, None),
        ("0", 0.0),
        ("120", 120.0),
        (" 7 ", 7.0),
        ("Mon, 02 Mar 2026 10:01:00 GMT", 60.0),
        ("Mon, 02 Mar 2026 09:00:00 GMT", 0.0),
        ("-5", None),
        ("1.5", None),
        ("soon", None),
        ("", None),
    ],
)
def test_retry_after_reads_seconds_or_an_http_date(header: str | None, seconds: float | None) -> None:
    assert retry_after_s(header, NOW) == seconds
