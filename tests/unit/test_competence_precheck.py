from datetime import date
from typing import Any

import pytest
from pydantic import ValidationError

from shared.competence import (
    CareField,
    CompetencePrecheck,
    Education,
    EducationLevel,
    Outcome,
    PersonInCharge,
    PracticePeriod,
    Requirement,
    RequirementResult,
    SupervisionPeriod,
    Swedish,
    SwedishLevel,
    precheck,
)

REF = date(2024, 6, 1)  # window of practice: 2014-06-01..2024-06-01


def practice(
    start: date,
    end: date | None,
    field: CareField = CareField.ELDERLY_CARE,
    extent: int = 100,
    employer: str = "Omsorg AB",
) -> PracticePeriod:
    return PracticePeriod(
        employer=employer, role="Undersköterska", field=field, start=start, end=end, extent_percent=extent
    )


def supervision(start: date, end: date | None, employer: str = "Omsorg AB") -> SupervisionPeriod:
    return SupervisionPeriod(employer=employer, role="Enhetschef", start=start, end=end, staff_count=12)


def education(
    years: float | None = 3,
    *,
    country: str = "SE",
    level: EducationLevel = EducationLevel.UNIVERSITY,
    in_care: bool = True,
    points: int | None = None,
    uhr: bool | None = None,
    completed: date | None = None,
    title: str = "Socionom",
) -> Education:
    return Education(
        title=title,
        institution="Högskolan",
        country=country,
        level=level,
        in_care=in_care,
        years=years,
        points=points,
        completed=completed,
        uhr_validated=uhr,
    )


FLUENT = Swedish(spoken=SwedishLevel.NATIVE, written=SwedishLevel.FLUENT)


def person(
    education: list[Education] | None = None,
    practice: list[PracticePeriod] | None = None,
    supervision: list[SupervisionPeriod] | None = None,
    swedish: Swedish | None = FLUENT,
) -> PersonInCharge:
    return PersonInCharge(
        name="Anna Andersson",
        education=education or [],
        practice=practice or [],
        supervision=supervision or [],
        swedish=swedish,
    )


def complete(**changes: Any) -> PersonInCharge:
    """A person who meets every requirement, with `changes` applied."""
    base: dict[str, Any] = {
        "education": [education(3)],
        "practice": [practice(date(2020, 1, 1), date(2023, 12, 31))],
        "supervision": [supervision(date(2018, 1, 1), None)],
        "swedish": FLUENT,
    }
    base.update(changes)
    return person(**base)


def result(check: CompetencePrecheck, requirement: Requirement) -> RequirementResult:
    (found,) = [r for r in check.requirements if r.requirement is requirement]
    return found


def practice_result(*periods: PracticePeriod, ref: date = REF) -> RequirementResult:
    return result(precheck(person(practice=list(periods)), ref), Requirement.PRACTICE)


def education_result(*educations: Education, ref: date = REF) -> RequirementResult:
    return result(precheck(person(education=list(educations)), ref), Requirement.EDUCATION)


def uhr_result(*educations: Education) -> RequirementResult:
    return result(precheck(person(education=list(educations)), REF), Requirement.UHR_VALIDATION)


# ---- practice


def test_exactly_two_years_of_practice_is_met() -> None:
    checked = practice_result(practice(date(2021, 3, 1), date(2023, 2, 28)))
    assert checked.outcome is Outcome.MET
    assert checked.arithmetic[0].endswith(
        "730 days inside the window (2021-03-01..2023-02-28) at 100% = 730 full-time days"
    )
    assert checked.arithmetic[-1] == "total 730 full-time days (overlaps counted once) >= 730 required"


def test_one_day_short_of_two_years_of_practice_is_not_met() -> None:
    checked = practice_result(practice(date(2021, 3, 1), date(2023, 2, 27)))
    assert checked.outcome is Outcome.NOT_MET
    assert checked.arithmetic[-1] == "total 729 full-time days (overlaps counted once) < 730 required"
    assert checked.summary.startswith("729 full-time days")


def test_a_calendar_two_years_over_a_leap_day_is_731_days_and_met() -> None:
    checked = practice_result(practice(date(2023, 3, 1), date(2025, 2, 28)), ref=date(2025, 6, 1))
    assert checked.outcome is Outcome.MET
    assert checked.arithmetic[-1] == "total 731 full-time days (overlaps counted once) >= 730 required"


def test_experience_older_than_ten_years_is_not_counted() -> None:
    checked = practice_result(practice(date(2005, 1, 1), date(2014, 5, 31)))
    assert checked.outcome is Outcome.NOT_MET
    assert checked.arithmetic[0].endswith(
        "not counted, ended before the ten-year window 2014-06-01..2024-06-01"
    )
    assert checked.arithmetic[-1] == "total 0 full-time days (overlaps counted once) < 730 required"


@pytest.mark.parametrize(
    ("end", "inside_days", "outcome"),
    [(date(2016, 5, 30), 730, Outcome.MET), (date(2016, 5, 29), 729, Outcome.NOT_MET)],
)
def test_a_period_straddling_the_window_start_counts_only_its_inside_part(
    end: date, inside_days: int, outcome: Outcome
) -> None:
    checked = practice_result(practice(date(2010, 1, 1), end))
    assert checked.outcome is outcome
    assert f"{inside_days} days inside the window (2014-06-01..{end.isoformat()})" in checked.arithmetic[0]
    assert checked.arithmetic[-1].startswith(f"total {inside_days} full-time days")


def test_the_first_day_of_the_window_counts_and_the_day_before_does_not() -> None:
    checked = practice_result(
        practice(date(2014, 5, 31), date(2014, 5, 31)), practice(date(2014, 6, 1), date(2014, 6, 1))
    )
    assert "not counted, ended before the ten-year window" in checked.arithmetic[0]
    assert checked.arithmetic[1].endswith(
        "1 day inside the window (2014-06-01..2014-06-01) at 100% = 1 full-time days"
    )
    assert checked.arithmetic[-1] == "total 1 full-time days (overlaps counted once) < 730 required"


def test_overlapping_full_time_periods_are_counted_once() -> None:
    checked = practice_result(
        practice(date(2020, 1, 1), date(2020, 12, 31), employer="A"),
        practice(date(2020, 1, 1), date(2020, 12, 31), employer="B"),
        practice(date(2020, 7, 1), date(2021, 3, 31), employer="C", field=CareField.DISABILITY_CARE),
    )
    assert checked.outcome is Outcome.NOT_MET
    # 366 days of 2020 and 90 of 2021, each day once, although the lines add up to 366 + 366 + 274.
    assert checked.arithmetic[-1] == "total 456 full-time days (overlaps counted once) < 730 required"


def test_two_half_time_periods_on_the_same_days_make_full_time() -> None:
    checked = practice_result(
        practice(date(2020, 1, 1), date(2021, 12, 31), extent=50, employer="A"),
        practice(
            date(2020, 1, 1), date(2021, 12, 31), extent=50, employer="B", field=CareField.DISABILITY_CARE
        ),
    )
    assert checked.arithmetic[0].endswith(
        "731 days inside the window (2020-01-01..2021-12-31) at 50% = 365.5 full-time days"
    )
    assert checked.arithmetic[-1] == "total 731 full-time days (overlaps counted once) >= 730 required"
    assert checked.outcome is Outcome.MET


def test_a_half_time_period_and_a_full_time_period_together_count_at_most_full_time() -> None:
    checked = practice_result(
        practice(date(2020, 1, 1), date(2020, 12, 31), extent=50, employer="A"),
        practice(date(2020, 1, 1), date(2020, 12, 31), extent=100, employer="B"),
    )
    assert checked.arithmetic[-1] == "total 366 full-time days (overlaps counted once) < 730 required"


@pytest.mark.parametrize(
    ("end", "total", "outcome"),
    [(date(2023, 2, 28), "730.5", Outcome.MET), (date(2023, 2, 26), "729.5", Outcome.NOT_MET)],
)
def test_half_time_over_four_years_is_two_years(end: date, total: str, outcome: Outcome) -> None:
    checked = practice_result(practice(date(2019, 3, 1), end, extent=50))
    assert checked.outcome is outcome
    assert checked.arithmetic[-1].startswith(f"total {total} full-time days (overlaps counted once)")


@pytest.mark.parametrize(
    ("ref", "days", "outcome"),
    [(date(2023, 12, 31), 730, Outcome.MET), (date(2023, 12, 30), 729, Outcome.NOT_MET)],
)
def test_an_ongoing_period_counts_up_to_the_reference_date(ref: date, days: int, outcome: Outcome) -> None:
    checked = practice_result(practice(date(2022, 1, 1), None), ref=ref)
    assert checked.outcome is outcome
    assert (
        f"(elderly_care, 2022-01-01..ongoing, 100%): {days} days inside the window" in checked.arithmetic[0]
    )
    assert f"(2022-01-01..{ref.isoformat()})" in checked.arithmetic[0]


def test_a_planned_end_after_the_reference_date_is_cut_at_the_reference_date() -> None:
    checked = practice_result(practice(date(2022, 6, 2), date(2030, 12, 31)), ref=date(2024, 5, 31))
    assert checked.arithmetic[-1] == "total 730 full-time days (overlaps counted once) >= 730 required"


def test_a_period_starting_after_the_reference_date_is_ignored() -> None:
    checked = practice_result(
        practice(date(2024, 6, 2), None), practice(date(2022, 1, 1), date(2022, 12, 31), employer="Earlier")
    )
    assert checked.arithmetic[0].endswith("not counted, starts after the reference date 2024-06-01")
    assert checked.arithmetic[-1] == "total 365 full-time days (overlaps counted once) < 730 required"
    assert checked.outcome is Outcome.NOT_MET


def test_work_in_another_field_is_not_counted() -> None:
    checked = practice_result(practice(date(2015, 1, 1), date(2020, 12, 31), field=CareField.OTHER))
    assert checked.outcome is Outcome.NOT_MET
    assert checked.arithmetic[0].endswith("not counted, not care of older people or people with disabilities")
    assert checked.arithmetic[-1].startswith("total 0 full-time days")


def test_a_reference_date_of_29_february_starts_the_window_on_28_february() -> None:
    checked = practice_result(
        practice(date(2014, 2, 27), date(2014, 2, 27)),
        practice(date(2014, 2, 28), date(2014, 2, 28)),
        ref=date(2024, 2, 29),
    )
    assert "2014-02-28..2024-02-29" in checked.summary
    assert "not counted, ended before the ten-year window 2014-02-28..2024-02-29" in checked.arithmetic[0]
    assert checked.arithmetic[1].endswith(
        "1 day inside the window (2014-02-28..2014-02-28) at 100% = 1 full-time days"
    )
    assert checked.arithmetic[-1].startswith("total 1 full-time days")


# ---- education


def test_three_years_of_university_in_care_is_met() -> None:
    checked = education_result(education(3))
    assert checked.outcome is Outcome.MET
    assert checked.arithmetic == [
        "Socionom, Högskolan (SE, university, in care): counted, 3 years",
        "total 3 years >= 2 required",
    ]


def test_a_yh_diploma_of_400_points_is_two_years() -> None:
    checked = education_result(education(None, level=EducationLevel.HIGHER_VOCATIONAL, points=400))
    assert checked.outcome is Outcome.MET
    assert checked.arithmetic[0].endswith("counted, 400 points / 200 = 2 years")
    assert checked.arithmetic[-1] == "total 2 years >= 2 required"


def test_a_yh_diploma_of_399_points_is_short() -> None:
    checked = education_result(education(None, level=EducationLevel.HIGHER_VOCATIONAL, points=399))
    assert checked.outcome is Outcome.NOT_MET
    assert checked.arithmetic[-1] == "total 1.995 years < 2 required"


def test_yh_points_win_over_years_given_beside_them() -> None:
    checked = education_result(education(2, level=EducationLevel.HIGHER_VOCATIONAL, points=399))
    assert checked.outcome is Outcome.NOT_MET
    assert checked.arithmetic[0].endswith("399 points / 200 = 1.995 years, the 2 years also given not used")


def test_years_are_added_exactly() -> None:
    assert education_result(education(1.5), education(0.5)).arithmetic[-1] == "total 2 years >= 2 required"
    # 0.7 + 0.6 + 0.7 is 1.9999999999999998 in floats.
    checked = education_result(education(0.7), education(0.6), education(0.7))
    assert checked.outcome is Outcome.MET
    assert checked.arithmetic[-1] == "total 2 years >= 2 required"


def test_education_not_in_care_or_not_post_secondary_is_not_counted() -> None:
    checked = education_result(
        education(3, in_care=False, title="Ekonom"),
        education(3, level=EducationLevel.UPPER_SECONDARY, title="Vård och omsorg"),
    )
    assert checked.outcome is Outcome.NOT_MET
    assert checked.arithmetic == [
        "Ekonom, Högskolan (SE, university, not in care): not counted, not an education in care",
        "Vård och omsorg, Högskolan (SE, upper_secondary, in care): not counted, "
        "upper secondary is not post-secondary education",
        "total 0 years < 2 required",
    ]


def test_education_of_level_other_in_care_needs_a_manual_look() -> None:
    checked = education_result(education(2, level=EducationLevel.OTHER))
    assert checked.outcome is Outcome.NEEDS_MANUAL_REVIEW
    assert checked.arithmetic[-1] == "total 0 years < 2 required; another 2 years need a manual look"


def test_education_completed_after_the_reference_date_is_not_counted() -> None:
    checked = education_result(
        education(3, completed=date(2024, 6, 2)), education(3, completed=date(2024, 6, 1))
    )
    assert "not counted, completed 2024-06-02, after the reference date 2024-06-01" in checked.arithmetic[0]
    assert checked.arithmetic[-1] == "total 3 years >= 2 required"


def test_foreign_education_not_validated_by_uhr_is_not_counted_and_fails_uhr() -> None:
    foreign = education(3, country="DE", uhr=False)
    checked = education_result(foreign)
    assert checked.outcome is Outcome.NOT_MET
    assert checked.arithmetic[0].endswith("not counted, from outside Sweden and not validated by UHR")
    assert checked.arithmetic[-1] == "total 0 years < 2 required"
    uhr = uhr_result(foreign, education(3))
    assert uhr.outcome is Outcome.NOT_MET
    assert uhr.arithmetic[-1] == "1 from outside Sweden: 0 validated by UHR, 1 not validated, 0 not stated"


def test_foreign_education_with_uhr_not_stated_needs_a_manual_look() -> None:
    foreign = education(3, country="FI", uhr=None)
    checked = education_result(foreign, education(1))
    assert checked.outcome is Outcome.NEEDS_MANUAL_REVIEW
    assert checked.arithmetic[-1] == "total 1 year < 2 required; another 3 years need a manual look"
    assert uhr_result(foreign).outcome is Outcome.NEEDS_MANUAL_REVIEW
    assert precheck(complete(education=[foreign, education(1)]), REF).outcome is Outcome.NEEDS_MANUAL_REVIEW


def test_foreign_education_with_uhr_not_stated_beside_enough_swedish_education() -> None:
    foreign = education(3, country="FI", uhr=None)
    assert education_result(foreign, education(2)).outcome is Outcome.MET
    assert uhr_result(foreign, education(2)).outcome is Outcome.NEEDS_MANUAL_REVIEW


def test_foreign_education_validated_by_uhr_counts() -> None:
    foreign = education(3, country="DE", uhr=True)
    checked = education_result(foreign)
    assert checked.outcome is Outcome.MET
    assert checked.arithmetic[-1] == "total 3 years >= 2 required"
    uhr = uhr_result(foreign)
    assert uhr.outcome is Outcome.MET
    assert uhr.arithmetic[-1] == "1 from outside Sweden: 1 validated by UHR, 0 not validated, 0 not stated"


def test_uhr_is_met_without_foreign_education() -> None:
    # Foreign education below university level is not looked at for UHR validation.
    checked = uhr_result(
        education(3), education(2, country="NO", level=EducationLevel.UPPER_SECONDARY, uhr=False)
    )
    assert checked.outcome is Outcome.MET
    assert checked.arithmetic[-1] == "no education from outside Sweden"


# ---- supervision


def test_overlapping_supervision_is_counted_once() -> None:
    check = precheck(
        person(
            supervision=[
                supervision(date(2019, 1, 1), date(2020, 12, 31)),
                supervision(date(2020, 1, 1), date(2021, 6, 30)),
            ]
        ),
        REF,
    )
    checked = result(check, Requirement.SUPERVISION)
    assert checked.outcome is Outcome.MET
    assert checked.arithmetic[0].endswith("731 days up to 2020-12-31")
    assert checked.arithmetic[1].endswith("547 days up to 2021-06-30")
    assert checked.arithmetic[-1] == "total 912 days (overlaps counted once) >= 730 required"


def test_supervision_overlapping_completely_does_not_double() -> None:
    twice = [
        supervision(date(2020, 1, 1), date(2020, 12, 31)),
        supervision(date(2020, 1, 1), date(2020, 12, 31)),
    ]
    checked = result(precheck(person(supervision=twice), REF), Requirement.SUPERVISION)
    assert checked.outcome is Outcome.NOT_MET
    assert checked.arithmetic[-1] == "total 366 days (overlaps counted once) < 730 required"


def test_supervision_has_no_ten_year_window_but_stops_at_the_reference_date() -> None:
    periods = [supervision(date(2000, 1, 1), date(2001, 12, 31)), supervision(date(2024, 6, 2), None)]
    checked = result(precheck(person(supervision=periods), REF), Requirement.SUPERVISION)
    assert checked.outcome is Outcome.MET
    assert checked.arithmetic[1].endswith("not counted, starts after the reference date 2024-06-01")
    assert checked.arithmetic[-1] == "total 731 days (overlaps counted once) >= 730 required"


# ---- Swedish


@pytest.mark.parametrize(
    ("spoken", "written", "outcome"),
    [
        (SwedishLevel.NATIVE, SwedishLevel.NATIVE, Outcome.MET),
        (SwedishLevel.FLUENT, SwedishLevel.NATIVE, Outcome.MET),
        (SwedishLevel.FLUENT, SwedishLevel.BASIC, Outcome.NEEDS_MANUAL_REVIEW),
        (SwedishLevel.BASIC, SwedishLevel.BASIC, Outcome.NEEDS_MANUAL_REVIEW),
        (SwedishLevel.NATIVE, SwedishLevel.NONE, Outcome.NOT_MET),
        (SwedishLevel.NONE, SwedishLevel.BASIC, Outcome.NOT_MET),
    ],
)
def test_swedish(spoken: SwedishLevel, written: SwedishLevel, outcome: Outcome) -> None:
    checked = result(
        precheck(person(swedish=Swedish(spoken=spoken, written=written)), REF), Requirement.SWEDISH
    )
    assert checked.outcome is outcome
    assert checked.arithmetic[:2] == [f"spoken: {spoken}", f"written: {written}"]


def test_swedish_not_stated_is_not_met() -> None:
    checked = result(precheck(person(swedish=None), REF), Requirement.SWEDISH)
    assert checked.outcome is Outcome.NOT_MET
    assert "not stated" in checked.summary


# ---- the whole


def test_a_complete_person_meets_every_requirement() -> None:
    check = precheck(complete(), REF)
    assert check.outcome is Outcome.MET
    assert check.reference_date == REF
    assert [r.requirement for r in check.requirements] == [
        Requirement.EDUCATION,
        Requirement.PRACTICE,
        Requirement.SUPERVISION,
        Requirement.SWEDISH,
        Requirement.UHR_VALIDATION,
    ]
    assert all(r.outcome is Outcome.MET for r in check.requirements)
    assert check.note == "An automatic pre-check to help staff; it never decides alone."


def test_overall_outcome_precedence() -> None:
    basic = Swedish(spoken=SwedishLevel.BASIC, written=SwedishLevel.FLUENT)
    assert precheck(complete(swedish=basic), REF).outcome is Outcome.NEEDS_MANUAL_REVIEW
    short = [supervision(date(2024, 1, 1), None)]
    assert precheck(complete(swedish=basic, supervision=short), REF).outcome is Outcome.NOT_MET
    assert precheck(complete(supervision=short), REF).outcome is Outcome.NOT_MET


def test_the_reference_date_is_the_callers() -> None:
    # Supervision from 2018-01-01 is one day short of two years on 2019-12-30 and two years on 2019-12-31.
    assert precheck(complete(), date(2019, 12, 30)).requirements[2].outcome is Outcome.NOT_MET
    assert precheck(complete(), date(2019, 12, 31)).requirements[2].outcome is Outcome.MET


def test_an_empty_person_is_not_met_without_an_exception() -> None:
    check = precheck(PersonInCharge(name="Utkast"), REF)
    outcomes = {r.requirement: r.outcome for r in check.requirements}
    assert outcomes == {
        Requirement.EDUCATION: Outcome.NOT_MET,
        Requirement.PRACTICE: Outcome.NOT_MET,
        Requirement.SUPERVISION: Outcome.NOT_MET,
        Requirement.SWEDISH: Outcome.NOT_MET,
        Requirement.UHR_VALIDATION: Outcome.MET,
    }
    assert check.outcome is Outcome.NOT_MET
    assert result(check, Requirement.PRACTICE).arithmetic == [
        "no practical work given",
        "total 0 full-time days (overlaps counted once) < 730 required",
    ]


# ---- validation, as a JSON body reaches it (parsed, then model_validate in python mode)

EDUCATION: dict[str, Any] = {
    "title": "Sjuksköterska",
    "institution": "KI",
    "country": "SE",
    "level": "university",
    "in_care": True,
    "years": 3,
}
PERIOD: dict[str, Any] = {
    "employer": "Omsorg AB",
    "role": "Undersköterska",
    "field": "elderly_care",
    "start": "2020-01-31",
}


def test_a_json_body_with_iso_dates_and_enum_strings_is_accepted() -> None:
    body = {
        "name": "Anna Andersson",
        "education": [{**EDUCATION, "completed": "2019-06-14"}],
        "practice": [{**PERIOD, "end": "2022-02-28", "extent_percent": 75}],
        "supervision": [{"employer": "Omsorg AB", "role": "Enhetschef", "start": "2020-01-31", "end": None}],
        "swedish": {"spoken": "native", "written": "fluent"},
    }
    parsed = PersonInCharge.model_validate(body)
    assert parsed.education[0].completed == date(2019, 6, 14)
    assert parsed.education[0].years == 3.0
    assert parsed.education[0].level is EducationLevel.UNIVERSITY
    assert parsed.practice[0].start == date(2020, 1, 31)
    assert parsed.practice[0].field is CareField.ELDERLY_CARE
    assert parsed.supervision[0].end is None
    assert parsed.swedish == Swedish(spoken=SwedishLevel.NATIVE, written=SwedishLevel.FLUENT)


def test_defaults() -> None:
    parsed = PracticePeriod.model_validate(PERIOD)
    assert parsed.end is None
    assert parsed.extent_percent == 100
    empty = PersonInCharge.model_validate({"name": "Utkast"})
    assert (empty.education, empty.practice, empty.supervision, empty.swedish) == ([], [], [], None)


@pytest.mark.parametrize(
    ("model", "body", "message"),
    [
        (PracticePeriod, {**PERIOD, "end": "2020-01-30"}, "end is before start"),
        (
            SupervisionPeriod,
            {"employer": "A", "role": "Chef", "start": "2020-01-31", "end": "2020-01-30"},
            "end is before start",
        ),
        (Education, {**EDUCATION, "points": 400}, "points are only for a higher vocational (YH) education"),
        (Education, {**EDUCATION, "years": None}, "give years, or points"),
        (
            Education,
            {**EDUCATION, "level": "higher_vocational", "years": None, "points": None},
            "give years, or points",
        ),
        (Education, {**EDUCATION, "country": "se"}, "string_pattern_mismatch"),
        (Education, {**EDUCATION, "country": "SWE"}, "country"),
        (Education, {**EDUCATION, "years": 0}, "greater_than"),
        (Education, {**EDUCATION, "years": 10.5}, "less_than_equal"),
        (Education, {**EDUCATION, "years": "3"}, "float_type"),
        (Education, {**EDUCATION, "in_care": "yes"}, "bool_type"),
        (Education, {**EDUCATION, "level": "doctorate"}, "enum"),
        (Education, {**EDUCATION, "grade": "A"}, "extra_forbidden"),
        (PracticePeriod, {**PERIOD, "hours": 40}, "extra_forbidden"),
        (PracticePeriod, {**PERIOD, "extent_percent": 0}, "greater_than_equal"),
        (PracticePeriod, {**PERIOD, "extent_percent": 101}, "less_than_equal"),
        (PracticePeriod, {**PERIOD, "start": "2020-01-31T00:00:00"}, "YYYY-MM-DD"),
        (PracticePeriod, {**PERIOD, "start": 1580428800}, "YYYY-MM-DD"),
        (PracticePeriod, {**PERIOD, "start": "2020-02-30"}, "start"),
        (PracticePeriod, {**PERIOD, "employer": ""}, "string_too_short"),
        (PracticePeriod, {**PERIOD, "role": "x" * 201}, "string_too_long"),
        (
            SupervisionPeriod,
            {"employer": "A", "role": "Chef", "start": "2020-01-31", "staff_count": 0},
            "greater_than",
        ),
        (Swedish, {"spoken": "native", "written": "good"}, "enum"),
        (PersonInCharge, {"name": ""}, "string_too_short"),
        (PersonInCharge, {"name": "A", "practice": [PERIOD] * 51}, "too_long"),
    ],
)
def test_invalid_bodies_are_refused(model: type[Any], body: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError) as raised:
        model.model_validate(body)
    errors = raised.value.errors()
    assert len(errors) == 1
    assert message in str(raised.value)
