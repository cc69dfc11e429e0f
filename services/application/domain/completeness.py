"""What an application must hold before it can be submitted: the answer is a list of what is missing."""

from collections.abc import Mapping
from dataclasses import dataclass

from services.application.domain.conditions import Condition, Evidence
from shared.competence import PersonInCharge, Requirement


@dataclass(frozen=True)
class Missing:
    location: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"location": self.location, "message": self.message}


def missing_items(
    conditions: list[Condition],
    answers: Mapping[str, str],
    person: PersonInCharge | None,
    attachment_count: int,
) -> list[Missing]:
    missing: list[Missing] = []
    shown = [c for c in conditions if c.shown_at_authorisation]
    for condition in shown:
        if condition.evidence is Evidence.STATEMENT and not answers.get(condition.code, "").strip():
            missing.append(Missing(f"answers.{condition.code}", f"Answer: {condition.title_en}"))
    if any(c.evidence is Evidence.PERSON_IN_CHARGE for c in shown):
        missing.extend(_person_gaps(person, {c.requirement for c in shown if c.requirement}))
    if attachment_count == 0:
        missing.append(
            Missing(
                "attachments", "Attach at least one document, e.g. the person in charge's CV and diplomas."
            )
        )
    return missing


def _person_gaps(person: PersonInCharge | None, required: set[Requirement]) -> list[Missing]:
    if person is None:
        return [Missing("person_in_charge", "Propose the person in charge of daily management.")]
    gaps: list[Missing] = []
    # Education and practice are what any competence assessment starts from; the rest is asked for only
    # where the area's specific conditions require it.
    if not person.education:
        gaps.append(Missing("person_in_charge.education", "List the person in charge's education."))
    if not person.practice:
        gaps.append(Missing("person_in_charge.practice", "List the person in charge's practical experience."))
    if Requirement.SUPERVISION in required and not person.supervision:
        gaps.append(
            Missing("person_in_charge.supervision", "List the person in charge's supervisory experience.")
        )
    if Requirement.SWEDISH in required and person.swedish is None:
        gaps.append(Missing("person_in_charge.swedish", "State the person in charge's command of Swedish."))
    return gaps
