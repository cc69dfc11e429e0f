"""One place for time: store UTC, compute deadlines in Europe/Stockholm."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from shared.errors import InvalidInput

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def now_utc() -> datetime:
    return datetime.now(UTC)


def stockholm_date(moment: datetime) -> date:
    """The calendar day in Nacka at that moment: what due dates and deadlines are counted in."""
    return moment.astimezone(STOCKHOLM).date()


def ensure_future(day: date, today: date, location: str) -> None:
    if day <= today:
        raise InvalidInput(
            "The date must be after today (Europe/Stockholm).",
            errors=[{"location": location, "message": "must be a future date", "type": "date_not_future"}],
        )
