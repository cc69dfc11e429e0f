"""What an application must hold before submission, without a server."""

from datetime import date

from services.application.catalogue_seed import first_conditions
from services.application.domain.completeness import missing_items
from shared.competence import PersonInCharge


def _locations(
    area: str, answers: dict[str, str], person: PersonInCharge | None, attachments: int
) -> list[str]:
    return [m.location for m in missing_items(first_conditions(area), answers, person, attachments)]


def test_an_empty_care_application_lacks_the_answer_the_person_and_a_document() -> None:
    assert _locations("hemtjanst", {}, None, 0) == ["answers.goals", "person_in_charge", "attachments"]


def test_a_blank_answer_counts_as_missing() -> None:
    assert "answers.goals" in _locations("hemtjanst", {"goals": "   "}, None, 1)


def test_supervision_and_swedish_are_asked_for_only_where_specific_conditions_require_them() -> None:
    person = PersonInCharge.model_validate(
        {
            "name": "Ada",
            "education": [
                {
                    "title": "Psykolog",
                    "institution": "KI",
                    "country": "SE",
                    "level": "university",
                    "in_care": True,
                    "years": 5,
                }
            ],
            "practice": [
                {
                    "employer": "X",
                    "role": "Y",
                    "field": "other",
                    "start": date(2020, 1, 1),
                    "end": date(2022, 1, 1),
                }
            ],
        }
    )
    assert _locations("familjeradgivning", {"goals": "Mål."}, person, 1) == []
    assert _locations("hemtjanst", {"goals": "Mål."}, person, 1) == [
        "person_in_charge.supervision",
        "person_in_charge.swedish",
    ]
