"""A substitute for the person in charge during a longer absence."""

from datetime import date
from enum import StrEnum

from shared.errors import InvalidInput


class AbsenceReason(StrEnum):
    HOLIDAY = "holiday"
    SICK_LEAVE = "sick_leave"
    PARENTAL_LEAVE = "parental_leave"
    OTHER = "other"


# The substitute's competence details, in the order the pre-check reads them: what a long absence must give.
COMPETENCE_FIELDS = ("education", "practice", "supervision", "swedish")


def overlaps(start: date, end: date, other_start: date, other_end: date) -> bool:
    """Both periods include their first and last day."""
    return start <= other_end and other_start <= end


def ensure_period(start: date, end: date) -> None:
    if end < start:
        raise InvalidInput(
            "The absence must end on or after its first day.",
            errors=[{"location": "ends_on", "message": "before starts_on", "type": "period"}],
        )


def length_in_days(start: date, end: date) -> int:
    """Calendar days away, the first and the last included: 1 July to 28 July is 28 days."""
    return (end - start).days + 1


def needs_competence(start: date, end: date, after_days: int) -> bool:
    """Whether the substitute stands in long enough to be held to the person in charge's competence: an
    absence longer than `after_days` calendar days (both ends included). With the default of 28, four weeks
    to the day keep the simple substitute and a 29th day asks for the competence details."""
    return length_in_days(start, end) > after_days


def ensure_competence_given(start: date, end: date, after_days: int, given: dict[str, bool]) -> None:
    """Refuses a long absence whose substitute lacks any of the competence details (`given` says, per field
    of COMPETENCE_FIELDS, whether it holds something), naming each one missing."""
    if not needs_competence(start, end, after_days):
        return
    missing = [field for field in COMPETENCE_FIELDS if not given.get(field, False)]
    if missing:
        days = length_in_days(start, end)
        raise InvalidInput(
            f"An absence longer than {after_days} days ({days} days from starts_on to ends_on) needs the "
            f"substitute's competence: {', '.join(missing)}.",
            errors=[
                {
                    "location": f"substitute.{field}",
                    # One wording whatever the limit, so that the portal can translate it; the detail
                    # gives the numbers.
                    "message": "required for an absence this long",
                    "type": "missing",
                }
                for field in missing
            ],
        )
