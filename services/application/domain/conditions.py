"""Authorisation conditions: what a provider must meet, how it is checked, and what a deficiency brings.

An area's conditions are published as numbered versions; an application is judged against the version
in force when it was started, so a revision never changes the rules of a case under way.
"""

from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from shared.competence import Requirement
from shared.errors import InvalidInput
from shared.free_text import Line


class ConditionKind(StrEnum):
    GENERAL = "general"  # from the council's regulation, the same in every area
    SPECIFIC = "specific"  # the area's own


class ControlPoint(StrEnum):
    AUTHORISATION = "authorisation"  # shown in the application
    FOLLOW_UP = "follow_up"
    SELF_REPORT = "self_report"


class Sanction(StrEnum):
    WARNING = "warning"
    REVOCATION = "revocation"


class Evidence(StrEnum):
    """How an application shows a condition that is checked at authorisation."""

    STATEMENT = "statement"  # a written answer
    PERSON_IN_CHARGE = "person_in_charge"  # the proposed person in charge's education and experience
    NONE = "none"  # not shown in the application (checked at follow-up or by self-report)


ConditionCode = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{1,59}$")]


class Condition(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)

    code: ConditionCode = Field(description="Stable id, cited by assessments, rejections and warnings")
    kind: ConditionKind
    title_sv: Line = Field(min_length=1, max_length=300)
    title_en: Line = Field(min_length=1, max_length=300)
    control_points: list[ControlPoint] = Field(min_length=1, max_length=3)
    sanctions: list[Sanction] = Field(min_length=1, max_length=2)
    evidence: Evidence = Evidence.NONE
    requirement: Requirement | None = Field(
        None, description="The competence requirement the automatic pre-check tests, if any"
    )

    @model_validator(mode="after")
    def evidence_matches_control_points(self) -> "Condition":
        shown = ControlPoint.AUTHORISATION in self.control_points
        if shown and self.evidence is Evidence.NONE:
            raise ValueError(
                "a condition shown at authorisation needs evidence: statement or person_in_charge"
            )
        if not shown and self.evidence is not Evidence.NONE:
            raise ValueError("evidence is only asked for conditions shown at authorisation")
        if self.requirement is not None and self.evidence is not Evidence.PERSON_IN_CHARGE:
            raise ValueError("a competence requirement is shown by the person in charge")
        return self

    @property
    def shown_at_authorisation(self) -> bool:
        return ControlPoint.AUTHORISATION in self.control_points


def check_new_version(conditions: list[Condition]) -> None:
    codes = [c.code for c in conditions]
    duplicates = sorted({code for code in codes if codes.count(code) > 1})
    if duplicates:
        raise InvalidInput(
            "Each condition code may appear once in a version.",
            errors=[
                {"location": "conditions", "message": f"{code} appears twice", "type": "duplicate"}
                for code in duplicates
            ],
        )


def unknown_codes(cited: list[str], conditions: list[Condition]) -> list[str]:
    known = {c.code for c in conditions}
    return [code for code in cited if code not in known]


def ensure_known(cited: list[str], conditions: list[Condition], location: str) -> None:
    """`location` names where a cited code is, with `{index}` for its place in `cited`. The code itself is
    not repeated back: it is the client's own text, which may hold anything."""
    known = {c.code for c in conditions}
    unknown = [index for index, code in enumerate(cited) if code not in known]
    if unknown:
        raise InvalidInput(
            "Cite conditions of the version this case is judged against; GET /areas/{code}/conditions "
            "lists them.",
            errors=[
                {
                    "location": location.format(index=index),
                    "message": "not a condition of this version",
                    "type": "unknown",
                }
                for index in unknown
            ],
        )
