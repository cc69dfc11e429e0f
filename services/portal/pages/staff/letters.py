"""A decision's letter before it is sent: the same parts the API puts in the letter it writes (the area, its
legal frame, the appeal route with its rule and, under LOV, the last day), read from the public API, so staff
check what the provider will read before deciding."""

from typing import Any

from services.portal.person import AsPerson
from shared.clock import now_utc, stockholm_date

RUNS_FROM_NOTICE = "decision_notice"


async def letter_preview(
    api: AsPerson, kind: str, area_code: str, conditions: list[dict[str, Any]], cited: list[str], reasons: str
) -> dict[str, Any]:
    """A letter of `kind` ("application_approved", …) as it would be written today."""
    area = await api.get(f"/areas/{area_code}")
    frame = area["frame"]
    today = stockholm_date(now_utc())
    deadline = None
    if frame["runs_from"] == RUNS_FROM_NOTICE:
        counted = await api.get(f"/legal-frames/{frame['code']}/deadline", notified_on=today.isoformat())
        deadline = counted["last_day"]
    titles = {c["code"]: c for c in conditions}
    return {
        "kind": kind,
        "area_name_sv": area["name_sv"],
        "area_name_en": area["name_en"],
        "decided_on": today.isoformat(),
        "reasons": reasons,
        "conditions_not_met": [
            {"code": code, "title_sv": titles[code]["title_sv"], "title_en": titles[code]["title_en"]}
            for code in cited
            if code in titles
        ],
        "legal_frame": {"name_sv": frame["name_sv"], "name_en": frame["name_en"]},
        "appeal": {
            "route_sv": frame["appeal_route_sv"],
            "route_en": frame["appeal_route_en"],
            "body_sv": frame["appeal_body_sv"],
            "body_en": frame["appeal_body_en"],
            "period_sv": frame["rule_sv"],
            "period_en": frame["rule_en"],
            "law_reference": frame["law_reference"],
            "deadline": deadline,
        },
    }
