"""Request and response bodies of the application service (HTTP only)."""

from datetime import datetime

from pydantic import BaseModel, ConfigDict, EmailStr, Field, model_validator

from services.application.domain import ApplicationStatus


class Strict(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid")


class ProviderRegistration(Strict):
    organisation_number: str = Field(max_length=20, description="NNNNNN-NNNN, with a valid check digit")
    name: str = Field(min_length=1, max_length=200)
    f_tax: bool = Field(description="Registered for F-skatt")
    contact_email: EmailStr


class ProviderChanges(Strict):
    """Only the fields given change; none of them can be cleared."""

    name: str | None = Field(None, min_length=1, max_length=200)
    f_tax: bool | None = None
    contact_email: EmailStr | None = None

    @model_validator(mode="after")
    def no_field_cleared(self) -> "ProviderChanges":
        cleared = [name for name in self.model_fields_set if getattr(self, name) is None]
        if cleared:
            raise ValueError(f"{', '.join(sorted(cleared))} cannot be null")
        return self


class NewClient(Strict):
    label: str = Field("", max_length=100, description="What the client is for, e.g. the system using it")


class ProviderOut(BaseModel):
    id: str
    organisation_number: str
    name: str
    f_tax: bool
    contact_email: str
    created_at: datetime
    updated_at: datetime


class ClientCredentials(BaseModel):
    client_id: str
    label: str = ""
    client_secret: str = Field(description="Shown once; only a hash is stored.")


class ProviderRegistered(BaseModel):
    provider: ProviderOut
    client: ClientCredentials


class AreaOut(BaseModel):
    code: str
    name_sv: str
    name_en: str
    legal_frame: str
    reimbursement_model: str
    conditions_version: int


class AreaList(BaseModel):
    items: list[AreaOut]


class ApplicationCreate(Strict):
    area_code: str = Field(min_length=1, max_length=40)


class ApplicationOut(BaseModel):
    id: str
    provider_id: str
    area_code: str
    status: ApplicationStatus
    conditions_version: int
    created_at: datetime
    updated_at: datetime
    submitted_at: datetime | None


class ApplicationList(BaseModel):
    items: list[ApplicationOut]
    next_cursor: str | None


class ApplicationQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    status: ApplicationStatus | None = None
    area_code: str | None = Field(None, max_length=40)
    limit: int = Field(50, ge=1, le=200)
    cursor: str | None = Field(None, max_length=200)
