"""Bodies of the reports a provider sends the reporting service, valid as they stand; a test changes what it
is about (a field given as DROP is left out)."""

from datetime import timedelta
from typing import Any

from shared.clock import now_utc

DROP = object()  # a field left out of a body


def deviation_body(authorisation_id: str, /, **changes: Any) -> dict[str, Any]:
    """A serious deviation that happened 20 hours ago and was discovered 10 hours ago."""
    now = now_utc()
    base = {
        "authorisation_id": authorisation_id,
        "category": "deviation",
        "severity": "serious",
        "occurred_at": (now - timedelta(hours=20)).isoformat(),
        "discovered_at": (now - timedelta(hours=10)).isoformat(),
        "description": "Kvällsbesöket hos kund A uteblev; kunden fick inte sina läkemedel.",
        "immediate_actions": "Läkemedlen gavs kl. 07.30; planeringen ses över samma dag.",
    }
    return without_dropped({**base, **changes})


def without_dropped(body: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in body.items() if value is not DROP}
