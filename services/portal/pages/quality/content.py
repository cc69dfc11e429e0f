"""The report's form and the API's content: each part by its location (`staff.employees`)."""

from typing import Any

from babel.numbers import format_decimal

from services.portal.forms import text
from services.portal.pages.managers.forms import Form, number
from services.portal.pages.quality.labels import PARTS

TEXT_LIMIT = 20_000


def content_of(form: Form) -> dict[str, Any]:
    """The whole content, as the PUT wants it; empty parts are sent empty (a draft may lack them)."""
    content: dict[str, Any] = {"staff": {}}
    for location, _label, _hint, kind in PARTS:
        raw = text(form, location, TEXT_LIMIT)
        value = (raw or None) if kind == "text" else number(raw, float if kind == "float" else int)
        if location.startswith("staff."):
            content["staff"][location.removeprefix("staff.")] = value
        else:
            content[location] = value
    return content


def values_of_content(content: dict[str, Any], lang: str) -> dict[str, str]:
    """The saved content as the form's values; a decimal with the language's own mark (39,5 in Swedish)."""
    values: dict[str, str] = {}
    for location, _label, _hint, _kind in PARTS:
        value: Any = content
        for key in location.split("."):
            value = value.get(key) if isinstance(value, dict) else None
        values[location] = "" if value is None else _shown(value, lang)
    return values


def _shown(value: Any, lang: str) -> str:
    if isinstance(value, float):
        return format_decimal(value, locale=lang, group_separator=False)
    return str(value)
