"""The inbox notice its owner gets when delivering to a webhook subscription or an email address failed for
good, with the receiving server's last error. No I/O.

The error is the remote server's words, not text from a case, but it reaches an inbox: it is cut to one
short line, and withheld if it holds what looks like a personal identity number."""

import re
from typing import Any

from services.notifications.domain.preferences import Channel, Language
from services.notifications.domain.recipients import STAFF_PREFIX, Audience
from services.notifications.domain.texts import Text, catalogue
from shared.free_text import identity_number_in

MAX_ERROR_LENGTH = 200
# What one line may not hold (shared/free_text.py's single-line rule), shown as space.
_NOT_ON_ONE_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]+")
WITHHELD = "(withheld: it looked like it held a personal identity number)"


def short_error(error: str | None) -> str:
    if not error:
        return "-"
    line = " ".join(_NOT_ON_ONE_LINE.sub(" ", error).split())
    if identity_number_in(line):
        return WITHHELD
    return line if len(line) <= MAX_ERROR_LENGTH else line[: MAX_ERROR_LENGTH - 1] + "…"


def audience_of(recipient: str) -> Audience:
    return Audience.STAFF if recipient.startswith(STAFF_PREFIX) else Audience.PROVIDER


def notice_event_id(delivery_id: str) -> str:
    """The inbox entry's `event_id`: one notice per failed delivery, however often its result is saved."""
    return f"delivery-failed-{delivery_id}"


NOTICE_TYPES = {Channel.WEBHOOK: "webhook.disabled", Channel.EMAIL: "email.refused"}


def failure_notice(
    channel: Channel,
    *,
    delivery_id: str,
    event_type: str,
    target: str,
    error: str | None,
    language: Language,
    base_url: str,
) -> Text:
    """`target` is the subscription's id, or the email address (the owner's own)."""
    key = "webhook_disabled" if channel is Channel.WEBHOOK else "email_refused"
    template = catalogue(language)["delivery_failures"][key]
    values: dict[str, Any] = {
        "subscription_id": target,
        "address": target,
        "delivery_id": delivery_id,
        "event_type": event_type,
        "error": short_error(error),
    }
    link = f"{base_url}/webhooks/{target}" if channel is Channel.WEBHOOK else f"{base_url}/preferences"
    return Text(template["title"].format_map(values), template["body"].format_map(values), link)
