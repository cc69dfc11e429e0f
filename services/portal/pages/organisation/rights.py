"""What a page offers the person logged in. Only a way to leave out forms they could not use: the API decides
every access, and its refusal is shown as the 403 page."""

from typing import Any


def manages_organisation(person: dict[str, Any] | None) -> bool:
    return person is not None and "provider:admin" in person.get("scopes", ())


def chooses_own_preferences(person: dict[str, Any] | None) -> bool:
    scopes = person.get("scopes", ()) if person is not None else ()
    return "provider:admin" in scopes or "staff" in scopes
