"""Every string a request can carry is either free text under the guard (`shared.free_text`) or listed
here as exempt, with the reason. The models are those the route tables declare (bodies and query strings),
walked into sub-models, lists and dicts (keys too), so a new route or field cannot slip past."""

import types
from collections.abc import Iterator
from datetime import date, datetime
from enum import Enum
from typing import Annotated, Any, Literal, Union, get_args, get_origin

import pytest
from pydantic import AwareDatetime, BaseModel, EmailStr, Field

from services.application.routes import ROUTES as APPLICATION_ROUTES
from services.notifications.routes import ROUTES as NOTIFICATION_ROUTES
from services.reporting.routes import ROUTES as REPORTING_ROUTES
from shared.free_text import FreeTextGuard, Line, Text

ALL_ROUTES = APPLICATION_ROUTES + REPORTING_ROUTES + NOTIFICATION_ROUTES

CODE = "a code chosen from a fixed set, checked against it"
ID = "an id the service gave out"
CURSOR = "an opaque paging cursor the service gave out"

# "Model.path" -> why it is not free text. `[]` is a list item, `{key}` and `{value}` a dict's.
EXEMPT: dict[str, str] = {
    "ApplicationCreate.area_code": CODE,
    "PageQuery.cursor": CURSOR,
    "ApplicationQuery.area_code": CODE,
    "AuthorisationQuery.area_code": CODE,
    "RegisterQuery.area_code": CODE,
    "Verdict.condition_code": CODE,
    "SupplementRequestIn.condition_codes[]": CODE,
    "DecisionIn.conditions_not_met[]": CODE,
    "WarningIn.condition_code": CODE,
    "RevocationIn.conditions_not_met[]": CODE,
    "Condition.code": "a condition code: lower-case letters, digits and hyphens (pattern)",
    "Education.country": "an ISO 3166-1 alpha-2 country code (pattern)",
    "ProviderRegistration.organisation_number": "an organisation number, checked by its own rules",
    "DeviationIn.authorisation_id": ID,
    "FollowUpRequestIn.authorisation_id": ID,
    "ManagerChangeIn.authorisation_id": ID,
    "ManagerChangeQuery.authorisation_id": ID,
    "AbsenceIn.authorisation_id": ID,
    "AbsenceQuery.authorisation_id": ID,
    "Substitute.phone": "a phone number: a ten-digit mobile number can have a valid date and check digit",
    "Substitute.email": "an e-mail address",
    "WorkItemQuery.area_code": CODE,
    "StaffRolesIn.officer_areas[]": CODE,
    "WorkItemQuery.subject": "a reference to a resource, e.g. applications/{id}",
    "PreferencesIn.channels{key}": "an event type, checked against the catalogue",
    "PreferencesChange.channels{key}": "an event type, checked against the catalogue",
    "SubscriptionIn.url": "a URL, checked as an https address",
    "SubscriptionIn.event_types[]": "an event type, checked against the catalogue",
    "SubscriptionChange.event_types[]": "an event type, checked against the catalogue",
    "AuthorizeQuery.client_id": "a login client's id, checked against the registered ones",
    "AuthorizeQuery.redirect_uri": "a URI, checked against the client's registered ones",
    "AuthorizeQuery.code_challenge": "a PKCE challenge: 43 characters of base64url (pattern)",
    "AuthorizeQuery.state": "the client's opaque value, echoed back and gone with the login (RFC 6749)",
    "AuthorizeQuery.organisation": "an organisation number, checked by its own rules",
    "AuthorizeQuery.invitation": "an invitation code the service gave out",
    "CallbackQuery.state": "an opaque value the service gave out",
    "CallbackQuery.code": "the identity provider's code, passed back to it",
    "CallbackQuery.error": "an RFC 6749 error code of the identity provider, never kept",
    "LogoutQuery.client_id": "a login client's id, checked against the registered ones",
    "LogoutQuery.post_logout_redirect_uri": "a URI, checked against the client's registered ones, never kept",
}

# Types that hold no free text: their own validation decides every value they take.
NOT_TEXT: tuple[type, ...] = (bool, int, float, date, datetime, AwareDatetime, Enum, EmailStr)


def _guarded(metadata: list[Any]) -> bool:
    return any(isinstance(item, FreeTextGuard) for item in metadata)


def strings(annotation: Any, metadata: list[Any], path: str) -> Iterator[tuple[str, bool]]:
    """(path, guarded) for every string the annotation can hold; an unknown type fails, to be taught."""
    origin = get_origin(annotation)
    if origin is Annotated:
        inner, *extra = get_args(annotation)
        yield from strings(inner, [*metadata, *extra], path)
    elif annotation is str:
        yield path, _guarded(metadata)
    elif origin in (Union, types.UnionType):
        for arg in get_args(annotation):
            if arg is not type(None):
                yield from strings(arg, metadata, path)
    elif origin in (list, set, frozenset, tuple):
        for arg in get_args(annotation):
            if arg is not Ellipsis:
                yield from strings(arg, [], f"{path}[]")
    elif origin is dict:
        key, value = get_args(annotation)
        yield from strings(key, [], f"{path}{{key}}")
        yield from strings(value, [], f"{path}{{value}}")
    elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield from model_strings(annotation)
    elif (isinstance(annotation, type) and issubclass(annotation, NOT_TEXT)) or origin is Literal:
        return
    else:
        raise AssertionError(f"{path}: no rule for {annotation!r}; teach this test whether it is text")


def model_strings(model: type[BaseModel]) -> Iterator[tuple[str, bool]]:
    """Paths are named after the model that declares the field, so a shared sub-model is listed once."""
    for name, field in model.model_fields.items():
        declaring = next(c for c in model.__mro__ if name in getattr(c, "__annotations__", {}))
        path = f"{declaring.__name__}.{name}"
        yield from strings(field.annotation, list(field.metadata), path)


def request_models() -> set[type[BaseModel]]:
    models = {route.body for route in ALL_ROUTES} | {route.query for route in ALL_ROUTES}
    return {model for model in models if model is not None}


def unguarded(models: set[type[BaseModel]]) -> set[str]:
    return {path for model in models for path, guarded in model_strings(model) if not guarded}


def test_the_route_tables_declare_request_models() -> None:
    names = {model.__name__ for model in request_models()}
    assert {"ApplicationChanges", "DeviationIn", "QualityReportContent", "SubscriptionIn"} <= names


def test_every_request_string_is_guarded_free_text_or_exempt_with_a_reason() -> None:
    missing = sorted(unguarded(request_models()) - set(EXEMPT))
    assert not missing, f"neither guarded nor exempt: {missing}"


def test_every_exemption_names_an_unguarded_string_of_a_request() -> None:
    stale = sorted(set(EXEMPT) - unguarded(request_models()))
    assert not stale, f"exempt, but guarded or no such string: {stale}"
    assert all(reason.strip() for reason in EXEMPT.values())


def test_free_text_fields_of_every_service_are_guarded() -> None:
    guarded = {path for model in request_models() for path, ok in model_strings(model) if ok}
    assert {
        "ApplicationChanges.answers{value}",
        "PersonInCharge.name",
        "PracticePeriod.role",
        "ProviderRegistration.name",
        "WarningIn.deficiency",
        "DeviationIn.description",
        "FollowUpRequestIn.questions[]",
        "Substitute.name",
        "QualityReportContent.goals",
        "CompletionIn.note",
        "SubscriptionIn.description",
    } <= guarded


# --- the walk itself: an unguarded string anywhere in a request is found ------------------------------------


class _Inner(BaseModel):
    free: str
    kept: Line


class _Outer(BaseModel):
    title: Line = Field(max_length=10)
    note: Text | None = None
    nested: list[_Inner]
    by_key: dict[Line, list[str]]
    optional_inner: _Inner | None = None


def test_the_walk_finds_unguarded_strings_in_sub_models_lists_and_dicts() -> None:
    assert unguarded({_Outer}) == {"_Inner.free", "_Outer.by_key{value}[]"}


@pytest.mark.parametrize("annotation", [bytes, object])
def test_the_walk_refuses_types_it_has_no_rule_for(annotation: Any) -> None:
    with pytest.raises(AssertionError, match="no rule"):
        list(strings(annotation, [], "x"))
