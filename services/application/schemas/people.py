"""Bodies of the routes of organisations' people, invitations, staff roles and registration approval."""

from datetime import datetime
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, EmailStr, Field

from shared.free_text import Text
from shared.pagination import PageQuery
from shared.schemas import Strict


class OrganisationRole(StrEnum):
    """An organisation's roles (shared/auth/principal.py PROVIDER_ROLES): an administrator manages people,
    API clients and webhooks; a reporter applies and reports; a reader reads."""

    ADMINISTRATOR = "administrator"
    REPORTER = "reporter"
    READER = "reader"


class ListQuery(PageQuery):
    model_config = ConfigDict(extra="forbid")


class InvitationIn(Strict):
    email: EmailStr
    role: OrganisationRole


class InvitationOut(BaseModel):
    id: str
    email: str
    role: str
    status: str = Field(description="pending, used or revoked; a pending one past `expires_at` is expired")
    expires_at: datetime
    used_at: datetime | None
    revoked_at: datetime | None
    created_at: datetime


class InvitationList(BaseModel):
    items: list[InvitationOut]
    next_cursor: str | None


class InvitationView(BaseModel):
    """What the link's page shows before anyone logs in: nothing about the invited person."""

    organisation: str = Field(description="The organisation's name")
    role: str
    expires_at: datetime
    usable: bool = Field(description="Always true here: a used, revoked or expired one answers 410")


class MemberOut(BaseModel):
    person_id: str
    name: str
    email: str | None
    role: str
    since: datetime


class MemberList(BaseModel):
    items: list[MemberOut]
    next_cursor: str | None


class RoleChange(Strict):
    role: OrganisationRole


class MembershipOut(BaseModel):
    provider_id: str
    organisation: str
    role: str


class StaffRolesOut(BaseModel):
    staff_admin: bool
    officer_areas: list[str]


class PersonOut(BaseModel):
    id: str
    name: str
    email: str | None
    memberships: list[MembershipOut]
    staff: StaffRolesOut


class StaffPersonOut(BaseModel):
    id: str
    name: str
    email: str | None
    staff_admin: bool
    officer_areas: list[str]


class StaffPersonList(BaseModel):
    items: list[StaffPersonOut]
    next_cursor: str | None


class StaffRolesIn(Strict):
    staff_admin: bool
    officer_areas: list[Annotated[str, Field(max_length=40)]] = Field(
        max_length=50, description="Area codes (GET /areas) the person handles"
    )


class RegistrationOut(BaseModel):
    provider_id: str
    registration_status: str = Field(description="pending, approved or released")


class ReleaseIn(Strict):
    contact_email: EmailStr = Field(description="Who gets the new administrator invitation")
    reason: Text = Field(min_length=1, max_length=2000, description="Why the registration is released")
