"""The yearly quality-report round: who reports, when reminders and overdue notices fall due, and what a
complete report holds. Dates are Europe/Stockholm calendar days; nothing here reads the clock."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from shared.clock import stockholm_date
from shared.errors import Conflict, NotFound
from shared.free_text import Text
from shared.statutory_time import next_working_day


class ReportStatus(StrEnum):
    REQUESTED = "requested"
    SUBMITTED = "submitted"
    COMPLETION_REQUESTED = "completion_requested"
    ACCEPTED = "accepted"


EDITABLE = frozenset({ReportStatus.REQUESTED, ReportStatus.COMPLETION_REQUESTED})


class ReviewOutcome(StrEnum):
    ACCEPTED = "accepted"
    COMPLETION_REQUESTED = "completion_requested"


@dataclass(frozen=True)
class RoundCalendar:
    """The configured dates of a round, as month and day, applied to the year after the reported one."""

    opens: tuple[int, int]
    deadline: tuple[int, int]
    reminder_days: tuple[int, ...]

    def opening(self, year: int) -> date:
        return date(year + 1, *self.opens)

    def deadline_of(self, year: int) -> date:
        """The configured day, or the next working day when it falls on a day off (31 March 2029 is a
        Saturday): the round is opened by the scheduler, with no one to choose another day."""
        return next_working_day(date(year + 1, *self.deadline))

    def round_due(self, today: date) -> int | None:
        """The reported year whose round should be open by `today`, if its opening day has come."""
        year = today.year - 1
        return year if today >= self.opening(year) else None

    def reminder_due(self, deadline: date, today: date) -> int | None:
        """The reminder (days before the deadline) that is due by `today`: the latest one whose day has come.
        A scheduler that was down sends the latest missed reminder when it catches up, not every one."""
        if today > deadline:
            return None
        due = [days for days in self.reminder_days if deadline - timedelta(days=days) <= today]
        return min(due) if due else None


def parse_month_day(value: str) -> tuple[int, int]:
    month, day = (int(part) for part in value.split("-"))
    date(2001, month, day)  # a day every year has (29 February is refused)
    return month, day


def reports_for_year(granted_at: datetime | None, revoked_at: datetime | None, year: int) -> bool:
    """Granted by the end of the year, and not revoked before it began: one revoked during the year still
    reports on the part of the year it was authorised; one granted after the year ended does not."""
    if granted_at is None or stockholm_date(granted_at) > date(year, 12, 31):
        return False
    return revoked_at is None or stockholm_date(revoked_at) >= date(year, 1, 1)


class StaffFigures(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid")

    employees: int | None = Field(None, ge=0, le=100_000)
    full_time_equivalents: float | None = Field(None, ge=0, le=100_000)
    turnover_percent: float | None = Field(
        None, ge=0, le=1000, description="Staff who left during the year, %"
    )


class QualityReportContent(BaseModel):
    """The report's structured content; saved as a draft field by field, complete only when every part is."""

    model_config = ConfigDict(strict=True, extra="forbid")

    customers: int | None = Field(None, ge=0, le=1_000_000, description="Customers during the year")
    staff: StaffFigures = Field(default_factory=StaffFigures)
    complaints_received: int | None = Field(None, ge=0, le=1_000_000)
    deviations_received: int | None = Field(None, ge=0, le=1_000_000)
    goals: Text | None = Field(None, max_length=20_000, description="How the area's goals were met")
    customer_survey: Text | None = Field(None, max_length=20_000, description="Customer survey results")
    improvement_work: Text | None = Field(None, max_length=20_000)


def missing_parts(content: QualityReportContent) -> list[str]:
    missing = [
        name
        for name in ("customers", "complaints_received", "deviations_received")
        if getattr(content, name) is None
    ]
    missing += [f"staff.{name}" for name, value in content.staff.model_dump().items() if value is None]
    missing += [
        name
        for name in ("goals", "customer_survey", "improvement_work")
        if not (getattr(content, name) or "").strip()
    ]
    return missing


def ensure_editable(status: ReportStatus) -> None:
    if status not in EDITABLE:
        raise Conflict(
            f"A quality report that is {status.value} cannot be changed.", current_status=status.value
        )


def ensure_submitted(status: ReportStatus) -> None:
    if status is not ReportStatus.SUBMITTED:
        raise Conflict(
            f"A quality report that is {status.value} is not awaiting review.", current_status=status.value
        )


def round_year(path_segment: str) -> int:
    """The year a round's path names: four ASCII digits, so that no other text (full-width digits, a sign, a
    number past what the database holds) reaches a query. Anything else names no round."""
    if len(path_segment) == 4 and path_segment.isascii() and path_segment.isdigit():
        return int(path_segment)
    raise NotFound("No such quality-report round.")
