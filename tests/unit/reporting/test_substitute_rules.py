"""When a substitute is held to the person in charge's competence, and the pre-check made on them."""

from datetime import date, timedelta

import pytest

from services.reporting.domain.absences import (
    COMPETENCE_FIELDS,
    ensure_competence_given,
    length_in_days,
    needs_competence,
)
from services.reporting.schemas.managers import Substitute
from shared.competence import Outcome, PersonInCharge, Requirement, precheck
from shared.errors import InvalidInput

START = date(2031, 7, 1)
FOUR_WEEKS = 28


def test_both_ends_of_an_absence_count() -> None:
    assert length_in_days(START, START) == 1
    assert length_in_days(START, date(2031, 7, 28)) == 28
    assert length_in_days(date(2031, 12, 20), date(2032, 1, 16)) == 28  # over a new year
    assert length_in_days(date(2032, 2, 15), date(2032, 3, 13)) == 28  # over a 29 February


@pytest.mark.parametrize(
    ("days", "expected"), [(1, False), (27, False), (28, False), (29, True), (31, True), (365, True)]
)
def test_an_absence_longer_than_four_weeks_asks_for_the_competence(days: int, expected: bool) -> None:
    assert needs_competence(START, START + timedelta(days=days - 1), FOUR_WEEKS) is expected


def test_the_limit_is_the_setting() -> None:
    ends = START + timedelta(days=13)  # 14 days
    assert needs_competence(START, ends, 13)
    assert not needs_competence(START, ends, 14)


NONE_GIVEN = dict.fromkeys(COMPETENCE_FIELDS, False)


def test_four_weeks_keep_the_simple_substitute() -> None:
    ensure_competence_given(START, date(2031, 7, 28), FOUR_WEEKS, NONE_GIVEN)


def test_a_29th_day_names_every_missing_field() -> None:
    with pytest.raises(InvalidInput) as refused:
        ensure_competence_given(START, date(2031, 7, 29), FOUR_WEEKS, NONE_GIVEN)
    errors = refused.value.extensions["errors"]
    assert [(e["location"], e["type"]) for e in errors] == [
        ("substitute.education", "missing"),
        ("substitute.practice", "missing"),
        ("substitute.supervision", "missing"),
        ("substitute.swedish", "missing"),
    ]
    assert "29 days" in refused.value.detail


def test_only_the_fields_left_out_are_named() -> None:
    given = {**dict.fromkeys(COMPETENCE_FIELDS, True), "supervision": False}
    with pytest.raises(InvalidInput) as refused:
        ensure_competence_given(START, date(2031, 9, 30), FOUR_WEEKS, given)
    assert [e["location"] for e in refused.value.extensions["errors"]] == ["substitute.supervision"]
    ensure_competence_given(START, date(2031, 9, 30), FOUR_WEEKS, dict.fromkeys(COMPETENCE_FIELDS, True))


def _substitute(**changes: object) -> Substitute:
    body: dict[str, object] = {
        "name": "Per Ek",
        "role": "Biträdande enhetschef",
        "education": [
            {
                "title": "Socionomprogrammet",
                "institution": "Stockholms universitet",
                "country": "SE",
                "level": "university",
                "in_care": True,
                "years": 3.5,
            }
        ],
        "practice": [
            {
                "employer": "Omsorg i Nacka AB",
                "role": "Undersköterska",
                "field": "elderly_care",
                "start": "2024-01-01",
                "end": "2026-12-31",
            }
        ],
        "supervision": [{"employer": "Omsorg i Nacka AB", "role": "Enhetschef", "start": "2023-01-01"}],
        "swedish": {"spoken": "native", "written": "fluent"},
        **changes,
    }
    return Substitute.model_validate(body)


def test_the_substitute_is_prechecked_as_a_new_person_in_charge_would_be() -> None:
    substitute = _substitute()
    on = date(2031, 6, 1)
    checked = precheck(substitute.as_person(), on)
    as_manager = precheck(
        PersonInCharge.model_validate(
            substitute.model_dump(mode="json", exclude={"role", "phone", "email"}), strict=False
        ),
        on,
    )
    assert checked == as_manager
    assert checked.outcome is Outcome.MET
    practice = next(r for r in checked.requirements if r.requirement is Requirement.PRACTICE)
    # 2024-01-01..2026-12-31 is 1096 days at full time, all inside the ten years before 2031-06-01.
    assert practice.arithmetic[-1] == "total 1096 full-time days (overlaps counted once) >= 730 required"


def test_a_substitute_short_of_supervision_is_not_met_with_the_sum_shown() -> None:
    substitute = _substitute(
        supervision=[{"employer": "Omsorg i Nacka AB", "role": "Gruppledare", "start": "2031-01-01"}]
    )
    checked = precheck(substitute.as_person(), date(2031, 6, 1))
    assert checked.outcome is Outcome.NOT_MET
    supervision = next(r for r in checked.requirements if r.requirement is Requirement.SUPERVISION)
    assert supervision.outcome is Outcome.NOT_MET
    # 1 January to 1 June 2031, both included.
    assert supervision.arithmetic[-1] == "total 152 days (overlaps counted once) < 730 required"


def test_what_a_substitute_has_given_is_told_per_field() -> None:
    assert Substitute(name="Per Ek").has_competence() == NONE_GIVEN
    assert _substitute().has_competence() == dict.fromkeys(COMPETENCE_FIELDS, True)
