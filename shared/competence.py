"""Automatic competence pre-check of a proposed person in charge of daily management (verksamhetsansvarig).

Checks the person against the municipality's specific authorisation conditions, which ask for at least:

1. two years of post-secondary education in care (university, or a higher vocational (YH) diploma of
   400 points);
2. two years of full-time practical work within the last ten years in care of older people and/or people with
   disabilities;
3. two years of experience as a supervisor responsible for staff and operations;
4. command of Swedish, spoken and written;
5. education from outside Sweden validated by the Swedish Council for Higher Education (UHR).

Pure (no I/O, no clock): the authorisation application and the later manager change report both call it, each
with its own reference date. It never decides alone: each requirement is met, not met or needs a manual look,
with the arithmetic shown so that staff can check it.
"""

import re
from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Self

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, Strict, model_validator

from shared.free_text import SINGLE_LINE

__all__ = [
    "CareField",
    "CompetencePrecheck",
    "Education",
    "EducationLevel",
    "Outcome",
    "PersonInCharge",
    "PracticePeriod",
    "Requirement",
    "RequirementResult",
    "SupervisionPeriod",
    "Swedish",
    "SwedishLevel",
    "precheck",
]

# "Two years" is counted in days: 730 days with inclusive end dates, so that any calendar two-year span
# (730 days, or 731 over a 29 February) meets it and one day short does not.
TWO_YEARS_DAYS = 730
REQUIRED_EDUCATION_YEARS = Decimal(2)
# A full-time year of higher vocational education (YH) is 200 points, so the 400-point diploma is two years.
YH_POINTS_PER_YEAR = 200
# Practical work counts only within the last ten years before the reference date.
PRACTICE_WINDOW_YEARS = 10
SWEDEN = "SE"

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _iso_date_only(value: object) -> object:
    # JSON bodies are parsed with orjson and then validated in python mode, so dates arrive as "YYYY-MM-DD"
    # strings. Accept those and date objects, but nothing looser that lax mode would take (datetimes,
    # timestamps, "2020-01-31T00:00:00").
    if isinstance(value, datetime) or not isinstance(value, date | str):
        raise ValueError("expected a date as YYYY-MM-DD")
    if isinstance(value, str) and _ISO_DATE.fullmatch(value) is None:
        raise ValueError("expected a date as YYYY-MM-DD")
    return value


_IsoDate = Annotated[date, Strict(False), BeforeValidator(_iso_date_only)]
"""A date that is also accepted as an ISO "YYYY-MM-DD" string inside an otherwise strict model."""


class _Input(BaseModel):
    # Also HTTP request bodies: strict types, unknown fields refused.
    model_config = ConfigDict(strict=True, extra="forbid")


_Text = Annotated[str, Field(min_length=1, max_length=200), SINGLE_LINE]


class EducationLevel(StrEnum):
    UNIVERSITY = "university"
    HIGHER_VOCATIONAL = "higher_vocational"
    UPPER_SECONDARY = "upper_secondary"
    OTHER = "other"


class CareField(StrEnum):
    ELDERLY_CARE = "elderly_care"
    DISABILITY_CARE = "disability_care"
    OTHER = "other"


class SwedishLevel(StrEnum):
    NATIVE = "native"
    FLUENT = "fluent"
    BASIC = "basic"
    NONE = "none"


# Enum fields are declared Strict(False): in strict python mode pydantic accepts only enum instances, while a
# JSON body brings the value as a string. Lax mode still refuses any string that is not one of the values.


class Education(_Input):
    title: _Text = Field(description="Name of the programme or degree")
    institution: _Text = Field(description="University, college or school that gave it")
    country: str = Field(
        pattern=r"^[A-Z]{2}$", min_length=2, max_length=2, description="ISO 3166-1 alpha-2; SE is Sweden"
    )
    level: EducationLevel = Field(strict=False, description="Level of the education")
    in_care: bool = Field(description="Whether it is an education in care or social care")
    years: float | None = Field(
        None, gt=0, le=10, description="Full-time study years; for YH points may be given instead"
    )
    points: int | None = Field(
        None, ge=1, le=2000, description="YH points (200 = one full-time year); only for higher_vocational"
    )
    completed: _IsoDate | None = Field(None, description="Date the education was completed")
    uhr_validated: bool | None = Field(
        None, description="Education from outside Sweden validated by UHR; null when not stated"
    )

    @model_validator(mode="after")
    def years_or_points(self) -> Self:
        if self.points is not None and self.level is not EducationLevel.HIGHER_VOCATIONAL:
            raise ValueError("points are only for a higher vocational (YH) education; give years instead")
        if self.years is None and self.points is None:
            raise ValueError("give years, or points for a higher vocational (YH) education")
        return self


class PracticePeriod(_Input):
    employer: _Text = Field(description="Employer")
    role: _Text = Field(description="Role or title at the employer")
    field: CareField = Field(strict=False, description="Field of care the work was in")
    start: _IsoDate = Field(description="First day of the period")
    end: _IsoDate | None = Field(None, description="Last day of the period (included); null while ongoing")
    extent_percent: int = Field(100, ge=1, le=100, description="Extent of employment, percent of full time")

    @model_validator(mode="after")
    def end_not_before_start(self) -> Self:
        if self.end is not None and self.end < self.start:
            raise ValueError("end is before start")
        return self


class SupervisionPeriod(_Input):
    employer: _Text = Field(description="Employer")
    role: _Text = Field(description="Role with responsibility for staff and operations")
    start: _IsoDate = Field(description="First day of the period")
    end: _IsoDate | None = Field(None, description="Last day of the period (included); null while ongoing")
    staff_count: int | None = Field(None, ge=1, le=100_000, description="Number of staff supervised")

    @model_validator(mode="after")
    def end_not_before_start(self) -> Self:
        if self.end is not None and self.end < self.start:
            raise ValueError("end is before start")
        return self


class Swedish(_Input):
    spoken: SwedishLevel = Field(strict=False, description="Command of spoken Swedish")
    written: SwedishLevel = Field(strict=False, description="Command of written Swedish")


class PersonInCharge(_Input):
    """The proposed person in charge. Partial data is allowed: drafts are saved as they are filled in, and
    completeness is checked elsewhere."""

    name: _Text = Field(description="Full name")
    education: list[Education] = Field(default_factory=list, max_length=20, description="Educations")
    practice: list[PracticePeriod] = Field(
        default_factory=list, max_length=50, description="Periods of practical work"
    )
    supervision: list[SupervisionPeriod] = Field(
        default_factory=list, max_length=50, description="Periods as a supervisor"
    )
    swedish: Swedish | None = Field(None, description="Command of Swedish; null when not stated")


class Outcome(StrEnum):
    MET = "met"
    NOT_MET = "not_met"
    NEEDS_MANUAL_REVIEW = "needs_manual_review"


class Requirement(StrEnum):
    EDUCATION = "education"
    PRACTICE = "practice"
    SUPERVISION = "supervision"
    SWEDISH = "swedish"
    UHR_VALIDATION = "uhr_validation"


class RequirementResult(BaseModel):
    requirement: Requirement = Field(description="Which requirement")
    outcome: Outcome = Field(description="Met, not met, or needs a manual look")
    summary: str = Field(description="One sentence for staff")
    arithmetic: list[str] = Field(description="One line per counted or ignored item, then a total line")


class CompetencePrecheck(BaseModel):
    reference_date: date = Field(description="Date the requirements were checked against")
    outcome: Outcome = Field(description="not_met if any is, else needs_manual_review if any is, else met")
    requirements: list[RequirementResult] = Field(description="One result per requirement, in a fixed order")
    note: str = Field(
        "An automatic pre-check to help staff; it never decides alone.", description="How to read it"
    )


def precheck(person: PersonInCharge, reference_date: date) -> CompetencePrecheck:
    """Checks `person` against the conditions as they stand on `reference_date` (the caller's, never the
    clock's: a manager change is checked on the date of the change)."""
    results = [
        _education(person.education, reference_date),
        _practice(person.practice, reference_date),
        _supervision(person.supervision, reference_date),
        _swedish(person.swedish),
        _uhr_validation(person.education),
    ]
    return CompetencePrecheck(
        reference_date=reference_date, outcome=_overall(r.outcome for r in results), requirements=results
    )


def _overall(outcomes: Iterable[Outcome]) -> Outcome:
    # Any requirement not met sinks the whole; one still open keeps it open; only all met is met.
    seen = set(outcomes)
    if Outcome.NOT_MET in seen:
        return Outcome.NOT_MET
    if Outcome.NEEDS_MANUAL_REVIEW in seen:
        return Outcome.NEEDS_MANUAL_REVIEW
    return Outcome.MET


# ---- formatting


def _number(value: Decimal) -> str:
    # Without exponent or trailing zeros: 2, 1.5, 1.995.
    return format(value.normalize(), "f")


def _years(value: Decimal) -> str:
    return f"{_number(value)} year" if value == 1 else f"{_number(value)} years"


def _full_time_days(percent_days: int) -> str:
    # Practice is summed exactly in percent-days (a day at 50 % is 50); shown as full-time days.
    return _number(Decimal(percent_days) / 100)


def _days(count: int) -> str:
    return "1 day" if count == 1 else f"{count} days"


def _span(start: date, end: date | None) -> str:
    return f"{start.isoformat()}..{end.isoformat() if end is not None else 'ongoing'}"


def _compare(value: str, required: str, met: bool) -> str:
    return f"{value} {'>=' if met else '<'} {required} required"


# ---- education


def _is_foreign(education: Education) -> bool:
    return education.country != SWEDEN


def _education_years(education: Education) -> tuple[Decimal, str]:
    """Study years and how they were found. For a YH education the points, when given, win over `years`:
    the condition itself is written in points (a 400-point diploma)."""
    if education.level is EducationLevel.HIGHER_VOCATIONAL and education.points is not None:
        years = Decimal(education.points) / YH_POINTS_PER_YEAR
        how = f"{education.points} points / {YH_POINTS_PER_YEAR} = {_years(years)}"
        if education.years is not None:
            how += f", the {_years(Decimal(str(education.years)))} also given not used"
        return years, how
    assert education.years is not None  # the model requires years, or points for YH
    # Through str() so that 1.5 + 0.5 is exactly 2, with no float artefacts.
    years = Decimal(str(education.years))
    return years, _years(years)


def _education_label(education: Education) -> str:
    care = "in care" if education.in_care else "not in care"
    return f"{education.title}, {education.institution} ({education.country}, {education.level}, {care})"


def _education(educations: list[Education], reference_date: date) -> RequirementResult:
    counted = Decimal(0)
    undecided = Decimal(0)
    lines: list[str] = []
    for education in educations:
        label = _education_label(education)
        years, how = _education_years(education)
        foreign = _is_foreign(education)
        if not education.in_care:
            lines.append(f"{label}: not counted, not an education in care")
        elif education.level is EducationLevel.UPPER_SECONDARY:
            lines.append(f"{label}: not counted, upper secondary is not post-secondary education")
        elif education.completed is not None and education.completed > reference_date:
            # Not yet held on the reference date.
            lines.append(
                f"{label}: not counted, completed {education.completed.isoformat()}, "
                f"after the reference date {reference_date.isoformat()}"
            )
        elif foreign and education.uhr_validated is False:
            lines.append(f"{label}: not counted, from outside Sweden and not validated by UHR")
        elif education.level is EducationLevel.OTHER:
            # Level "other" may or may not be post-secondary: only a person can tell.
            undecided += years
            lines.append(
                f"{label}: needs a manual look, level other may or may not be post-secondary ({how})"
            )
        elif foreign and education.uhr_validated is None:
            # Would count once UHR's validation is shown.
            undecided += years
            lines.append(
                f"{label}: needs a manual look, from outside Sweden and UHR validation not stated ({how})"
            )
        else:
            counted += years
            lines.append(f"{label}: counted, {how}")
    if not educations:
        lines.append("no education given")

    met = counted >= REQUIRED_EDUCATION_YEARS
    total = _compare(f"total {_years(counted)}", _number(REQUIRED_EDUCATION_YEARS), met)
    summary = (
        f"{_years(counted)} of post-secondary education in care counted; "
        f"at least {_number(REQUIRED_EDUCATION_YEARS)} are required."
    )
    if met:
        outcome = Outcome.MET
    elif undecided > 0:
        # Short on what counts for certain, but some education might count: a person has to look.
        outcome = Outcome.NEEDS_MANUAL_REVIEW
        total += f"; another {_years(undecided)} need a manual look"
        summary = (
            f"{_years(counted)} of post-secondary education in care counted and {_years(undecided)} "
            f"need a manual look; at least {_number(REQUIRED_EDUCATION_YEARS)} are required."
        )
    else:
        outcome = Outcome.NOT_MET
    lines.append(total)
    return RequirementResult(
        requirement=Requirement.EDUCATION, outcome=outcome, summary=summary, arithmetic=lines
    )


# ---- periods of work


def _years_before(day: date, years: int) -> date:
    """The same calendar day `years` earlier; 29 February becomes 28 February in a common year."""
    if day.year - years < date.min.year:
        return date.min
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def _covered_percent_days(intervals: Iterable[tuple[int, int, int]]) -> int:
    """Sum over days of min(100, the percents of the intervals covering that day).

    Intervals are (first day, last day, percent), days as ordinals and both ends included. Each day counts at
    most once at full time, so overlapping periods are not counted twice, while two 50 % jobs on the same days
    make full time. A sweep over the interval boundaries, exact in integers.
    """
    changes: defaultdict[int, int] = defaultdict(int)
    for first, last, percent in intervals:
        changes[first] += percent
        changes[last + 1] -= percent
    total = 0
    level = 0
    previous: int | None = None
    for day in sorted(changes):
        if previous is not None:
            total += min(100, level) * (day - previous)
        level += changes[day]
        previous = day
    return total


_QUALIFYING_FIELDS = frozenset({CareField.ELDERLY_CARE, CareField.DISABILITY_CARE})


def _practice(periods: list[PracticePeriod], reference_date: date) -> RequirementResult:
    # Only the last ten years count, both the window's first day and the reference date included.
    window_start = _years_before(reference_date, PRACTICE_WINDOW_YEARS)
    window = _span(window_start, reference_date)
    intervals: list[tuple[int, int, int]] = []
    lines: list[str] = []
    for period in periods:
        label = f"{period.employer}, {period.role} ({period.field}, {_span(period.start, period.end)}"
        label += f", {period.extent_percent}%)"
        # Ongoing (or planned to go on) periods count up to the reference date.
        end = reference_date if period.end is None or period.end > reference_date else period.end
        if period.field not in _QUALIFYING_FIELDS:
            lines.append(f"{label}: not counted, not care of older people or people with disabilities")
        elif period.start > reference_date:
            lines.append(
                f"{label}: not counted, starts after the reference date {reference_date.isoformat()}"
            )
        elif end < window_start:
            lines.append(f"{label}: not counted, ended before the ten-year window {window}")
        else:
            first = max(period.start, window_start)
            days = (end - first).days + 1
            intervals.append((first.toordinal(), end.toordinal(), period.extent_percent))
            inside = _span(first, end)
            lines.append(
                f"{label}: {_days(days)} inside the window ({inside}) at {period.extent_percent}% = "
                f"{_full_time_days(days * period.extent_percent)} full-time days"
            )
    if not periods:
        lines.append("no practical work given")

    percent_days = _covered_percent_days(intervals)
    met = percent_days >= TWO_YEARS_DAYS * 100
    total = _full_time_days(percent_days)
    lines.append(_compare(f"total {total} full-time days (overlaps counted once)", str(TWO_YEARS_DAYS), met))
    summary = (
        f"{total} full-time days of work in care of older people or people with disabilities within the "
        f"ten years {window}; at least {TWO_YEARS_DAYS} (two years) are required."
    )
    return RequirementResult(
        requirement=Requirement.PRACTICE,
        outcome=Outcome.MET if met else Outcome.NOT_MET,
        summary=summary,
        arithmetic=lines,
    )


def _supervision(periods: list[SupervisionPeriod], reference_date: date) -> RequirementResult:
    # Any time up to the reference date counts (the conditions set no window here); overlaps count once.
    intervals: list[tuple[int, int, int]] = []
    lines: list[str] = []
    for period in periods:
        staff = f", {period.staff_count} staff" if period.staff_count is not None else ""
        label = f"{period.employer}, {period.role} ({_span(period.start, period.end)}{staff})"
        end = reference_date if period.end is None or period.end > reference_date else period.end
        if period.start > reference_date:
            lines.append(
                f"{label}: not counted, starts after the reference date {reference_date.isoformat()}"
            )
            continue
        days = (end - period.start).days + 1
        intervals.append((period.start.toordinal(), end.toordinal(), 100))
        lines.append(f"{label}: {_days(days)} up to {end.isoformat()}")
    if not periods:
        lines.append("no supervision given")

    days_total = _covered_percent_days(intervals) // 100
    met = days_total >= TWO_YEARS_DAYS
    lines.append(_compare(f"total {days_total} days (overlaps counted once)", str(TWO_YEARS_DAYS), met))
    summary = (
        f"{days_total} days as a supervisor responsible for staff and operations; "
        f"at least {TWO_YEARS_DAYS} (two years) are required."
    )
    return RequirementResult(
        requirement=Requirement.SUPERVISION,
        outcome=Outcome.MET if met else Outcome.NOT_MET,
        summary=summary,
        arithmetic=lines,
    )


# ---- Swedish and UHR

_GOOD_SWEDISH = frozenset({SwedishLevel.NATIVE, SwedishLevel.FLUENT})


def _swedish(swedish: Swedish | None) -> RequirementResult:
    if swedish is None:
        return RequirementResult(
            requirement=Requirement.SWEDISH,
            outcome=Outcome.NOT_MET,
            summary="Command of Swedish is not stated.",
            arithmetic=["Swedish: not stated", "spoken and written must both be native or fluent"],
        )
    levels = (swedish.spoken, swedish.written)
    lines = [f"spoken: {swedish.spoken}", f"written: {swedish.written}"]
    if all(level in _GOOD_SWEDISH for level in levels):
        outcome = Outcome.MET
        summary = "Spoken and written Swedish are both native or fluent."
    elif SwedishLevel.NONE in levels:
        outcome = Outcome.NOT_MET
        summary = "Swedish is stated as none in speech or in writing; both are required."
    else:
        # "Basic" may or may not be enough for the role: a person has to judge.
        outcome = Outcome.NEEDS_MANUAL_REVIEW
        summary = "Swedish is basic in speech or in writing; whether that is enough needs a manual look."
    lines.append(f"spoken and written must both be native or fluent: {outcome}")
    return RequirementResult(
        requirement=Requirement.SWEDISH, outcome=outcome, summary=summary, arithmetic=lines
    )


_POST_SECONDARY = frozenset({EducationLevel.UNIVERSITY, EducationLevel.HIGHER_VOCATIONAL})


def _uhr_validation(educations: list[Education]) -> RequirementResult:
    lines: list[str] = []
    validated = refused = unknown = 0
    for education in educations:
        label = f"{education.title}, {education.institution} ({education.country}, {education.level})"
        if education.level not in _POST_SECONDARY:
            lines.append(f"{label}: not university or YH, no UHR validation looked for")
        elif not _is_foreign(education):
            lines.append(f"{label}: from Sweden, no UHR validation needed")
        elif education.uhr_validated is True:
            validated += 1
            lines.append(f"{label}: from outside Sweden, validated by UHR")
        elif education.uhr_validated is False:
            refused += 1
            lines.append(f"{label}: from outside Sweden, not validated by UHR")
        else:
            unknown += 1
            lines.append(f"{label}: from outside Sweden, UHR validation not stated")
    foreign = validated + refused + unknown
    if foreign == 0:
        lines.append("no education from outside Sweden")
        return RequirementResult(
            requirement=Requirement.UHR_VALIDATION,
            outcome=Outcome.MET,
            summary="There is no education from outside Sweden to validate.",
            arithmetic=lines,
        )
    lines.append(
        f"{foreign} from outside Sweden: {validated} validated by UHR, {refused} not validated, "
        f"{unknown} not stated"
    )
    if refused:
        outcome = Outcome.NOT_MET
        summary = "Education from outside Sweden is not validated by UHR."
    elif unknown:
        outcome = Outcome.NEEDS_MANUAL_REVIEW
        summary = (
            "Whether education from outside Sweden is validated by UHR is not stated; needs a manual look."
        )
    else:
        outcome = Outcome.MET
        summary = "All education from outside Sweden is validated by UHR."
    return RequirementResult(
        requirement=Requirement.UHR_VALIDATION, outcome=outcome, summary=summary, arithmetic=lines
    )
