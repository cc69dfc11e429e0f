"""Dates and times as people write and read them: the GOV.UK date input's day, month and year (and a time
of day) in Swedish time, and the API's instants shown in the page's language."""

import re
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime

SWEDEN = ZoneInfo("Europe/Stockholm")
_TIME = re.compile(r"^\s*(\d{1,2})[:.](\d{2})\s*$")


def date_from(form: Any, name: str) -> date | None:
    """The date of a GOV.UK date input named `name` (fields name-day, name-month, name-year), if real."""
    try:
        return date(
            int(str(form.get(f"{name}-year", "")).strip()),
            int(str(form.get(f"{name}-month", "")).strip()),
            int(str(form.get(f"{name}-day", "")).strip()),
        )
    except ValueError:
        return None


def time_from(form: Any, name: str) -> time | None:
    """A time of day written as 14:30 or 14.30."""
    found = _TIME.match(str(form.get(name, "")))
    if found is None:
        return None
    try:
        return time(int(found.group(1)), int(found.group(2)))
    except ValueError:
        return None


def instant_from(form: Any, name: str) -> str | None:
    """The date input `name` and its time field `name-time` as an ISO instant in Swedish time."""
    day, at = date_from(form, name), time_from(form, f"{name}-time")
    if day is None or at is None:
        return None
    return datetime.combine(day, at, SWEDEN).isoformat()


def shown_date(value: str | None, lang: str) -> str:
    """An API date (or instant's date) as "3 december 2026"."""
    if not value:
        return ""
    return format_date(date.fromisoformat(value[:10]), format="long", locale=lang)


def shown_instant(value: str | None, lang: str) -> str:
    """An API instant in Swedish time, as "3 december 2026 14:30"."""
    if not value:
        return ""
    moment = datetime.fromisoformat(value).astimezone(SWEDEN)
    day = format_date(moment.date(), format="long", locale=lang)
    return f"{day} {format_datetime(moment, 'HH:mm', locale=lang)}"
