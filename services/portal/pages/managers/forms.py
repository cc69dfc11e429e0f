"""Posted forms made into the API's bodies. Values are passed on as typed where they read as such, and as
the text typed where they do not, so that the API's own validation names the field and the page shows it."""

from typing import Any
from urllib.parse import quote

from multidict import MultiDictProxy

from services.portal.forms import text

Form = MultiDictProxy[Any]


def date_of(form: Form, name: str) -> str | None:
    """A GOV.UK date input (`name-day`, `name-month`, `name-year`) as YYYY-MM-DD; None when left empty."""
    day, month, year = (text(form, f"{name}-{part}", 10) for part in ("day", "month", "year"))
    if not (day or month or year):
        return None
    if day.isdigit() and month.isdigit() and year.isdigit():
        return f"{int(year):04d}-{int(month):02d}-{int(day):02d}"
    return f"{year}-{month}-{day}"  # not a date: the API says so, beside the field


def number(value: str, kind: type[int] | type[float] = int) -> Any:
    """An integer (or decimal, with a comma or a point) as typed; None when empty; the text when not one."""
    if not value:
        return None
    try:
        return kind(value.replace(",", ".").replace(" ", "")) if kind is float else int(value)
    except ValueError:
        return value


def yes_no(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


def values_of(form: Form) -> dict[str, str]:
    """What the person typed, to fill the form again after the API refused it."""
    return {key: value for key, value in form.items() if isinstance(value, str) and key != "csrf_token"}


def segment(value: str) -> str:
    """A case's id from the page's address, as one segment of the API's path whatever it holds."""
    return quote(value, safe="")
