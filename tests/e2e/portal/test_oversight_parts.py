"""The oversight pages' own reading of what people type and their order of cases, without a browser."""

from typing import Any

from aiohttp.test_utils import make_mocked_request
from multidict import MultiDict

from services.portal.api_client import ApiProblem
from services.portal.pages.oversight.labels import open_first
from services.portal.pages.oversight.problems import field_errors
from services.portal.pages.oversight.when import date_from, instant_from, shown_instant


def _date(name: str, day: str, month: str, year: str, at: str | None = None) -> MultiDict[str]:
    form = MultiDict({f"{name}-day": day, f"{name}-month": month, f"{name}-year": year})
    if at is not None:
        form[f"{name}-time"] = at
    return form


def test_a_moment_is_read_in_swedish_time_in_winter_and_summer() -> None:
    assert instant_from(_date("at", "20", "11", "2026", "21:40"), "at") == "2026-11-20T21:40:00+01:00"
    assert instant_from(_date("at", " 1 ", "7", "2026", "7.05"), "at") == "2026-07-01T07:05:00+02:00"


def test_what_is_no_real_date_or_time_is_not_read() -> None:
    assert date_from(_date("d", "31", "2", "2027"), "d") is None
    assert date_from(_date("d", "", "2", "2027"), "d") is None
    assert date_from(MultiDict(), "d") is None
    assert instant_from(_date("at", "20", "11", "2026", "25:00"), "at") is None
    assert instant_from(_date("at", "20", "11", "2026", "kväll"), "at") is None
    assert instant_from(_date("at", "20", "11", "2026"), "at") is None


def test_an_instant_is_shown_in_swedish_time_and_the_pages_language() -> None:
    assert shown_instant("2026-11-20T20:40:00Z", "sv") == "20 november 2026 21:40"
    assert shown_instant("2026-11-20T20:40:00+00:00", "en") == "November 20, 2026 21:40"
    assert shown_instant(None, "sv") == ""


def test_open_deviations_come_first_the_most_serious_at_the_top() -> None:
    def case(name: str, status: str, severity: str, day: int) -> dict[str, Any]:
        return {
            "id": name,
            "status": status,
            "severity": severity,
            "created_at": f"2026-11-{day:02d}T10:00:00Z",
        }

    ordered = open_first(
        [
            case("closed-serious", "closed", "serious", 20),
            case("minor", "reported", "minor", 21),
            case("serious-older", "acknowledged", "serious", 1),
            case("serious-newer", "reported", "serious", 2),
            case("moderate", "reported", "moderate", 3),
        ]
    )
    assert [c["id"] for c in ordered] == [
        "serious-newer",
        "serious-older",
        "moderate",
        "minor",
        "closed-serious",
    ]


def test_a_refusal_shows_the_pages_message_but_a_broken_rule_of_free_text_its_own() -> None:
    problem = ApiProblem(
        422,
        {
            "title": "Unprocessable Content",
            "errors": [
                {"location": "category", "message": "Field required", "type": "missing"},
                {"location": "occurred_at", "message": "Input should be a valid datetime", "type": "x"},
                {
                    "location": "description",
                    "message": "contains a personal identity number",
                    "type": "personal_identity_number",
                },
                {"location": "due_date", "message": "2027-01-16 is a Saturday", "type": "not_working_day"},
            ],
        },
    )
    messages = {
        "category": "Choose what kind of report this is",
        "description": "Describe what happened",
        "due_date": "Enter a real date, such as 15 1 2027",
        "due_date:not_working_day": "The date must be a working day, not a weekend or public holiday",
    }
    errors = field_errors(make_mocked_request("POST", "/"), problem, messages, {"occurred_at": "Ange en tid"})
    assert errors == {
        "occurred_at": "Ange en tid",
        "category": "Välj vilken sorts rapport det är",
        "description": "Texten får inte innehålla personnummer eller samordningsnummer",
        "due_date": "Datumet måste vara en vardag, inte en helg eller helgdag",
    }
