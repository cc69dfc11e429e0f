"""Bodies of the provider and client routes."""

from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, EmailStr, Field, model_validator

from shared.free_text import Line
from shared.schemas import Strict


class ProviderRegistration(Strict):
    organisation_number: str = Field(max_length=20, description="NNNNNN-NNNN, with a valid check digit")
    name: Line = Field(min_length=1, max_length=200)
    f_tax: bool = Field(description="Registered for F-skatt")
    contact_email: EmailStr


def _not_given(schema: dict[str, Any]) -> None:
    """None stands for "not given" here, and null is refused (below): the document offers neither null nor a
    default."""
    schema.pop("default", None)
    if branches := schema.pop("anyOf", None):
        (given,) = [branch for branch in branches if branch.get("type") != "null"]
        schema.update(given)


class ProviderChanges(Strict):
    """Only the fields given change; none of them can be cleared."""

    name: Line | None = Field(None, min_length=1, max_length=200, json_schema_extra=_not_given)
    f_tax: bool | None = Field(None, json_schema_extra=_not_given)
    contact_email: EmailStr | None = Field(None, json_schema_extra=_not_given)

    @model_validator(mode="after")
    def no_field_cleared(self) -> "ProviderChanges":
        cleared = [name for name in self.model_fields_set if getattr(self, name) is None]
        if cleared:
            raise ValueError(f"{', '.join(sorted(cleared))} cannot be null")
        return self


class ProviderRole(StrEnum):
    """The roles an organisation gives its clients: shared/auth/principal.py PROVIDER_ROLES."""

    ADMINISTRATOR = "administrator"
    REPORTER = "reporter"
    READER = "reader"


ROLE_DESCRIPTION = (
    "administrator: reads, reports and manages the organisation (its clients, webhooks, contact); "
    "reporter: reads and reports; reader: reads"
)


class NewClient(Strict):
    label: Line = Field("", max_length=100, description="What the client is for, e.g. the system using it")
    role: ProviderRole = Field(ProviderRole.REPORTER, description=ROLE_DESCRIPTION)


class ProviderOut(BaseModel):
    id: str
    organisation_number: str
    name: str
    f_tax: bool
    contact_email: str
    registration_status: str = Field(
        description="pending until staff approve it; released when staff gave a disputed one to a new contact"
    )
    created_at: datetime
    updated_at: datetime


class ClientCredentials(BaseModel):
    client_id: str
    label: str = ""
    role: ProviderRole = Field(description=ROLE_DESCRIPTION)
    client_secret: str = Field(description="Shown once; only a hash is stored.")


class ClientOut(BaseModel):
    """An API client as its organisation sees it: never its secret, which is not kept."""

    client_id: str
    label: str
    role: ProviderRole
    created_at: datetime
    revoked_at: datetime | None


class ClientList(BaseModel):
    items: list[ClientOut]
    next_cursor: str | None


class ProviderRegistered(BaseModel):
    provider: ProviderOut
    client: ClientCredentials
