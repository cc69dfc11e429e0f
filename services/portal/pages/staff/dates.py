"""The GOV.UK date input: a day, a month and a year posted as three fields, read back as one date."""

from datetime import date
from typing import Any

from services.portal.forms import text


def date_parts(form: Any, name: str) -> dict[str, str]:
    """The three fields as typed, to show them again when the form is refused."""
    return {part: text(form, f"{name}-{part}", 4) for part in ("day", "month", "year")}


def posted_date(parts: dict[str, str]) -> date | None:
    """The date the three fields give, or None when one is missing or the date does not exist."""
    try:
        return date(int(parts["year"]), int(parts["month"]), int(parts["day"]))
    except (KeyError, ValueError):
        return None
