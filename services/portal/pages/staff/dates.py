"""The GOV.UK date input: a day, a month and a year posted as three fields, sent to the API as one date."""

from typing import Any

from services.portal.forms import text


def date_parts(form: Any, name: str) -> dict[str, str]:
    """The three fields as typed, to show them again when the form is refused."""
    return {part: text(form, f"{name}-{part}", 4) for part in ("day", "month", "year")}


def typed_date(parts: dict[str, str]) -> str:
    """YYYY-MM-DD as typed: the API tells a date that does not exist, or is not a working day, and the page
    shows that beside the field."""
    return f"{parts['year']:0>4}-{parts['month']:0>2}-{parts['day']:0>2}"
