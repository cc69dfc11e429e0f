"""Bodies of the area, conditions and register routes."""

from datetime import datetime

from pydantic import BaseModel, Field

from services.application.domain.conditions import Condition
from shared.free_text import Text
from shared.schemas import Strict


class LegalFrameOut(BaseModel):
    code: str
    name_sv: str
    name_en: str
    appeal_route_sv: str
    appeal_route_en: str
    appeal_body_sv: str
    law_reference: str
    period_days: int
    period_sv: str
    period_en: str


class AreaOut(BaseModel):
    code: str
    name_sv: str
    name_en: str
    legal_frame: str = Field(description="`LOV` or `kundval`")
    reimbursement_model: str
    conditions_version: int = Field(description="The conditions version in force")


class AreaDetail(AreaOut):
    frame: LegalFrameOut


class AreaList(BaseModel):
    items: list[AreaOut]


class ConditionsOut(BaseModel):
    area_code: str
    version: int
    in_force: bool
    published_at: datetime
    note: str
    conditions: list[Condition]


class ConditionsQuery(BaseModel):
    version: int | None = Field(None, ge=1, description="An earlier version; default the one in force")


class NewConditionsVersion(Strict):
    note: Text = Field("", max_length=1000, description="What changed, for providers")
    conditions: list[Condition] = Field(min_length=1, max_length=100)


class RegisterEntry(BaseModel):
    authorisation_id: str
    area_code: str
    provider_name: str
    organisation_number: str
    granted_at: datetime
    capacity_ceiling: int | None
    at_capacity: bool = Field(description="A provider at its ceiling cannot be chosen until it has room")


class RegisterQuery(BaseModel):
    area_code: str | None = Field(None, max_length=40)


class Register(BaseModel):
    items: list[RegisterEntry]
