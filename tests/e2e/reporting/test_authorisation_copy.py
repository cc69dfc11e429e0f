"""The reporting service's copy of authorisations stays right when events arrive twice or out of order."""

import uuid
from datetime import timedelta
from typing import Any

from services.reporting.storage.copies import AuthorisationCopy, copy_of
from shared.clock import now_utc
from shared.events.application import (
    AuthorisationGrantedV1,
    AuthorisationRevokedV1,
    AuthorisationWarningIssuedV1,
)
from shared.events.envelope import CloudEvent, make_event
from shared.events.letters import AppealRoute, CitedCondition, DecisionLetter, LegalFrameRef
from tests.support.broker import publish
from tests.support.polling import eventually
from tests.support.system import System

CONDITION = CitedCondition(code="goals", title_sv="Mål", title_en="Goals")


def _ids() -> dict[str, Any]:
    return {
        "authorisation_id": str(uuid.uuid4()),
        "provider_id": str(uuid.uuid4()),
        "organisation_number": "556036-0793",
        "area_code": "hemtjanst",
    }


def _granted(ids: dict[str, Any]) -> CloudEvent:
    payload = AuthorisationGrantedV1(
        **ids,
        revision=1,
        provider_name="Ordning AB",
        application_id=str(uuid.uuid4()),
        conditions_version=1,
        granted_at=now_utc() - timedelta(days=30),
    )
    return make_event(payload, source="/tests")


def _warned(ids: dict[str, Any], revision: int) -> CloudEvent:
    payload = AuthorisationWarningIssuedV1(
        **ids,
        revision=revision,
        warning_id=str(uuid.uuid4()),
        condition=CONDITION,
        deficiency="Brist.",
        remediation_deadline=(now_utc() + timedelta(days=30)).date(),
        issued_at=now_utc(),
    )
    return make_event(payload, source="/tests")


def _revoked(ids: dict[str, Any], revision: int) -> CloudEvent:
    now = now_utc()
    letter = DecisionLetter(
        kind="authorisation_revoked",
        subject=f"authorisations/{ids['authorisation_id']}",
        provider_name="Ordning AB",
        organisation_number=ids["organisation_number"],
        area_code=ids["area_code"],
        area_name_sv="Hemtjänst",
        area_name_en="Home care",
        decided_at=now,
        decided_on=now.date(),
        reasons="Brister.",
        conditions_not_met=[CONDITION],
        legal_frame=LegalFrameRef(code="LOV", name_sv="LOV", name_en="LOV"),
        appeal=AppealRoute(
            route_sv="r",
            route_en="r",
            body_sv="b",
            body_en="b",
            law_reference="LOV",
            period_days=21,
            period_sv="p",
            period_en="p",
            deadline=None,
        ),
    )
    return make_event(
        AuthorisationRevokedV1(**ids, revision=revision, revoked_at=now, letter=letter), source="/tests"
    )


async def _copy(system: System, authorisation_id: str) -> AuthorisationCopy | None:
    async with system.runtime("reporting").reads() as session:
        return await copy_of(session, authorisation_id)


async def _after_handled(system: System, events: list[CloudEvent]) -> None:
    await publish(system.settings.amqp_url, system.settings.amqp_prefix, events)

    async def all_handled() -> bool:
        ids = {e.id for e in events}
        handled = 0
        for event_id in ids:
            handled += await system.count("reporting", "inbox", "event_id = :id", id=event_id)
        return handled == len(ids)

    await eventually(all_handled, what="every event to be handled")


async def test_a_revocation_before_its_grant_leaves_the_copy_revoked(system: System) -> None:
    ids = _ids()
    granted, revoked = _granted(ids), _revoked(ids, revision=2)
    await _after_handled(system, [revoked, granted])
    copy = await _copy(system, ids["authorisation_id"])
    assert copy is not None
    assert copy.status == "revoked" and copy.revision == 2
    # The late grant still fills in what the revocation did not carry.
    assert copy.provider_name == "Ordning AB" and copy.granted_at is not None


async def test_duplicates_and_stale_events_change_nothing(system: System) -> None:
    ids = _ids()
    granted, warned, revoked = _granted(ids), _warned(ids, revision=2), _revoked(ids, revision=3)
    await _after_handled(system, [granted, granted, warned, revoked, warned, granted])
    copy = await _copy(system, ids["authorisation_id"])
    assert copy is not None and (copy.status, copy.revision) == ("revoked", 3)


async def test_a_warning_before_the_grant_still_gives_an_active_copy(system: System) -> None:
    ids = _ids()
    await _after_handled(system, [_warned(ids, revision=2), _granted(ids)])
    copy = await _copy(system, ids["authorisation_id"])
    assert copy is not None and (copy.status, copy.revision) == ("active", 2)
    assert copy.provider_name == "Ordning AB"
