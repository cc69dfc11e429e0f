"""One place for time: store UTC, compute deadlines in Europe/Stockholm."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def now_utc() -> datetime:
    return datetime.now(UTC)
