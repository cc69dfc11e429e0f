"""What an attempt at a delivery leads to, classified as GOV.UK Notify does: a receiver that is away for a
moment (no connection, no answer in time, a 5xx, a 429 or a temporary SMTP reply) is tried again, honouring
its `Retry-After`; one that refuses the message itself (another 4xx, a permanent SMTP reply) is not, since
the same message would be refused again; 410 Gone says the receiver is no more, so its subscription is
disabled at once. No I/O."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime
from enum import StrEnum

from services.notifications.domain.deliveries import next_attempt


class Verdict(StrEnum):
    DELIVERED = "delivered"
    RETRY = "retry"
    # The delivery has failed; for a webhook the subscription stays as it is.
    GIVE_UP = "give_up"
    # The delivery has failed and its webhook subscription is disabled.
    DISABLE = "disable"


@dataclass(frozen=True)
class Attempt:
    """What one attempt came back with. No status and no reply code: the receiver was not reached."""

    succeeded: bool
    status_code: int | None = None
    smtp_code: int | None = None
    retry_after: str | None = None


def classify(attempt: Attempt) -> Verdict:
    """The verdict on one attempt on its own, before the retry schedule is consulted."""
    if attempt.succeeded:
        return Verdict.DELIVERED
    if attempt.smtp_code is not None:
        return Verdict.GIVE_UP if attempt.smtp_code >= 500 else Verdict.RETRY
    status = attempt.status_code
    if status is None or status >= 500 or status == 429:
        return Verdict.RETRY
    if status == 410:
        return Verdict.DISABLE
    # Any other 4xx, and a redirect, which is not followed: the owner has to change something.
    return Verdict.GIVE_UP


def retry_after_s(value: str | None, now: datetime) -> float | None:
    """A `Retry-After` header in seconds: delay-seconds or an HTTP-date (RFC 9110 10.2.3); None if absent
    or unreadable, and never below zero."""
    if value is None:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        return None
    return max(0.0, (when - now).total_seconds())


@dataclass(frozen=True)
class Decision:
    verdict: Verdict
    next_attempt_at: datetime | None = None


def decide(
    attempt: Attempt,
    attempts_made: int,
    delays_s: tuple[float, ...],
    max_retry_after_s: float,
    *,
    webhook: bool,
    now: datetime,
) -> Decision:
    """What follows the `attempts_made`th attempt: a retry when the schedule has one left (after the
    receiver's `Retry-After` if it gave one, at most `max_retry_after_s`), else failure. A webhook whose
    whole schedule failed is disabled, so that the next deliveries are held until its owner looks."""
    verdict = classify(attempt)
    if verdict is not Verdict.RETRY:
        return Decision(verdict)
    scheduled = next_attempt(attempts_made, delays_s, now)
    if scheduled is None:
        return Decision(Verdict.DISABLE if webhook else Verdict.GIVE_UP)
    asked = retry_after_s(attempt.retry_after, now)
    if asked is not None:
        return Decision(Verdict.RETRY, now + timedelta(seconds=min(asked, max_retry_after_s)))
    return Decision(Verdict.RETRY, scheduled)
