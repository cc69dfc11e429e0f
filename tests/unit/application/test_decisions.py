"""Decision rules and letters, without a server."""

from datetime import UTC, date, datetime

import pytest

from services.application.catalogue_seed import LEGAL_FRAMES, first_conditions
from services.application.domain import decisions
from services.application.domain.decisions import Case
from shared.errors import InvalidInput

LOV, KUNDVAL = (next(f for f in LEGAL_FRAMES if f.code == code) for code in ("LOV", "kundval"))
CASE = Case("applications/1", "Omsorg AB", "556036-0793", "hemtjanst", "Hemtjänst", "Home care")


def test_under_lov_the_appeal_deadline_is_three_weeks_from_the_notice() -> None:
    route = decisions.appeal_route(LOV, date(2026, 11, 2))
    assert route.deadline == date(2026, 11, 23)
    assert (route.period_amount, route.period_unit, route.runs_from) == (3, "weeks", "decision_notice")
    assert route.period_days == 21 and "förvaltningsrätten" in route.route_sv
    assert route.computed_under == "Lag (1930:173) om beräkning av lagstadgad tid"


def test_a_deadline_on_a_day_off_moves_to_the_next_weekday() -> None:
    # Three weeks from Thursday 3 December 2026 is Christmas Eve; the 25th, 26th and 27th are days off too.
    assert decisions.appeal_route(LOV, date(2026, 12, 3)).deadline == date(2026, 12, 28)
    # From a Sunday, three weeks end on a Sunday.
    assert decisions.appeal_route(LOV, date(2026, 12, 20)).deadline == date(2027, 1, 11)


def test_under_kundval_the_period_runs_from_the_minutes_so_no_date_is_given() -> None:
    route = decisions.appeal_route(KUNDVAL, date(2026, 12, 20))
    assert route.deadline is None
    assert (route.period_amount, route.period_unit, route.runs_from) == (3, "weeks", "minutes_announced")
    assert route.route_sv == "Laglighetsprövning enligt kommunallagen"
    assert "13 kap. 5 §" in route.law_reference and "anslagstavla" in route.period_sv


def test_the_letter_dates_the_decision_in_stockholm() -> None:
    # 23:30 UTC on 31 December is already 1 January in Stockholm.
    letter = decisions.letter(
        "application_approved",
        CASE,
        LOV,
        decided_at=datetime(2026, 12, 31, 23, 30, tzinfo=UTC),
        reasons="Ok",
        not_met=[],
    )
    assert letter.decided_on == date(2027, 1, 1)
    assert letter.appeal.deadline == date(2027, 1, 22)
    assert letter.legal_frame.code == "LOV"


def test_approval_needs_every_condition_shown_at_authorisation_assessed_as_met() -> None:
    conditions = first_conditions("hemtjanst")
    shown = [c.code for c in conditions if c.shown_at_authorisation]
    assert decisions.approval_blockers(conditions, dict.fromkeys(shown, True)) == []
    verdicts = dict.fromkeys(shown, True) | {"goals": False}
    del verdicts["manager-swedish"]
    assert decisions.approval_blockers(conditions, verdicts) == [
        {"condition": "goals", "problem": "assessed as not met"},
        {"condition": "manager-swedish", "problem": "not assessed"},
    ]
    # Conditions checked only at follow-up do not hold up an approval.
    assert "keys-and-valuables" not in shown


def test_a_rejection_cites_known_conditions_assessed_as_not_met() -> None:
    conditions = first_conditions("hemtjanst")
    decisions.ensure_rejection_cites(["goals"], conditions, {"goals"})
    with pytest.raises(InvalidInput):
        decisions.ensure_rejection_cites([], conditions, {"goals"})
    with pytest.raises(InvalidInput):
        decisions.ensure_rejection_cites(["no-such-condition"], conditions, {"no-such-condition"})
    with pytest.raises(InvalidInput):
        decisions.ensure_rejection_cites(["manager-swedish"], conditions, {"goals"})
