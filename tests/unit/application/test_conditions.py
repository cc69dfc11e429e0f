"""The conditions catalogue: consistent conditions, seeded per area."""

import json

import pytest
from pydantic import ValidationError

from services.application.catalogue_seed import CARE_AREAS, first_conditions
from services.application.domain.authorisations import at_capacity
from services.application.domain.conditions import Condition, Evidence, check_new_version
from shared.areas import SOCIAL_CARE_AREAS
from shared.errors import InvalidInput


def test_every_area_has_the_general_conditions_and_care_areas_the_competence_ones() -> None:
    for area in SOCIAL_CARE_AREAS:
        codes = {c.code for c in first_conditions(area.code)}
        assert {"goals", "manager-competence", "manager-change-reported", "deviations-reported"} <= codes
        assert ("manager-education" in codes) is (area.code in CARE_AREAS)
    assert len(CARE_AREAS - {a.code for a in SOCIAL_CARE_AREAS}) == 0


def test_every_condition_has_control_points_and_sanctions() -> None:
    for condition in first_conditions("hemtjanst"):
        assert condition.control_points and condition.sanctions
        assert (condition.evidence is not Evidence.NONE) is condition.shown_at_authorisation


def _condition(**changes: object) -> dict[str, object]:
    base: dict[str, object] = {
        "code": "goals",
        "kind": "general",
        "title_sv": "Mål",
        "title_en": "Goals",
        "control_points": ["authorisation"],
        "sanctions": ["warning"],
        "evidence": "statement",
    }
    return base | changes


@pytest.mark.parametrize(
    "changes",
    [
        {"evidence": "none"},
        {"control_points": ["follow_up"]},
        {"requirement": "education"},
        {"control_points": []},
        {"sanctions": []},
        {"code": "Not A Code"},
        {"sanctions": ["fine"]},
    ],
)
def test_an_inconsistent_condition_is_refused(changes: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        Condition.model_validate_json(json.dumps(_condition(**changes)))


def test_a_version_names_each_condition_once() -> None:
    one = Condition.model_validate_json(json.dumps(_condition()))
    with pytest.raises(InvalidInput):
        check_new_version([one, one])


def test_capacity_is_reached_only_with_a_ceiling() -> None:
    assert at_capacity(10, 10) and at_capacity(10, 11)
    assert not at_capacity(10, 9) and not at_capacity(None, 500) and not at_capacity(10, None)
