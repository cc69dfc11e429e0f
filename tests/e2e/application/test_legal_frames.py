"""The legal frames and the last day to appeal, public and without login."""

import pytest

from tests.support.system import System


async def test_the_frames_are_listed_with_period_rule_and_reference(system: System) -> None:
    response = await system.client.get("/legal-frames")
    assert response.status == 200
    frames = {f["code"]: f for f in (await response.json())["items"]}
    assert sorted(frames) == ["LOV", "kundval"]
    lov, kundval = frames["LOV"], frames["kundval"]
    assert lov["period"] == kundval["period"] == {"amount": 3, "unit": "weeks"}
    assert (lov["runs_from"], kundval["runs_from"]) == ("decision_notice", "minutes_announced")
    assert lov["appeal_route_sv"] == "Ansökan om rättelse hos förvaltningsrätten"
    assert kundval["law_reference"] == "Kommunallagen (2017:725) 13 kap. 5 §"
    assert "anslagstavla" in kundval["rule_sv"] and "tre veckor" in lov["rule_sv"]
    assert lov["computed_under"] == "Lag (1930:173) om beräkning av lagstadgad tid"
    # An area shows its frame the same way.
    area = await (await system.client.get("/areas/hemtjanst")).json()
    assert area["frame"] == lov


@pytest.mark.parametrize(
    ("code", "notified_on", "ends_on", "last_day", "because"),
    [
        # Three weeks from Thursday 3 December 2026 is Christmas Eve: Monday 28 December is the last day.
        ("LOV", "2026-12-03", "2026-12-24", "2026-12-28", "julafton"),
        # Three weeks from Friday 29 May 2026 is midsummer eve; Saturday and Sunday follow.
        ("kundval", "2026-05-29", "2026-06-19", "2026-06-22", "midsommarafton"),
        ("LOV", "2026-11-02", "2026-11-23", "2026-11-23", None),
    ],
)
async def test_the_last_day_for_a_day_of_notification(
    system: System, code: str, notified_on: str, ends_on: str, last_day: str, because: str | None
) -> None:
    response = await system.client.get(f"/legal-frames/{code}/deadline", params={"notified_on": notified_on})
    assert response.status == 200, await response.text()
    body = await response.json()
    assert (body["code"], body["notified_on"]) == (code, notified_on)
    assert (body["period_ends_on"], body["last_day"], body["moved_because"]) == (ends_on, last_day, because)
    assert body["period"] == {"amount": 3, "unit": "weeks"}
    assert body["law_reference"] and body["rule_sv"] and body["rule_en"]
    assert body["computed_under"] == "Lag (1930:173) om beräkning av lagstadgad tid"


async def test_an_unknown_frame_is_not_found(system: System) -> None:
    response = await system.client.get("/legal-frames/LOU/deadline", params={"notified_on": "2026-12-03"})
    assert response.status == 404
    assert response.headers["Content-Type"].startswith("application/problem+json")


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"notified_on": ""},
        {"notified_on": "2026-02-30"},
        {"notified_on": "3 december"},
        {"notified_on": "20261203"},
        {"notified_on": "1764720000"},
        {"notified_on": "2026-12-03T00:00:00"},
        {"notified_on": "9999-12-31"},
        {"notified_on": "0001-01-01"},
    ],
)
async def test_a_missing_or_bad_day_is_refused_naming_it(system: System, query: dict[str, str]) -> None:
    response = await system.client.get("/legal-frames/LOV/deadline", params=query)
    assert response.status == 422, await response.text()
    assert response.headers["Content-Type"].startswith("application/problem+json")
    assert [e["location"] for e in (await response.json())["errors"]] == ["notified_on"]


async def test_the_routes_are_documented(system: System) -> None:
    paths = (await (await system.client.get("/openapi.json")).json())["paths"]
    deadline = paths["/legal-frames/{code}/deadline"]["get"]
    assert deadline["security"] == [] and paths["/legal-frames"]["get"]["security"] == []
    assert {p["name"]: p["required"] for p in deadline["parameters"]} == {
        "code": True,
        "notified_on": True,
        "If-None-Match": False,
    }
    assert {"200", "304", "404", "422"} <= set(deadline["responses"])
