"""A process's list of revocations: a key revoked again (a person losing a role a second time) refuses the
tokens issued up to the latest revocation, and an earlier one read late changes nothing."""

from datetime import UTC, datetime

from shared.auth.revocation_list import RevocationList

FIRST = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)
SECOND = datetime(2026, 12, 3, 13, 0, tzinfo=UTC)


async def _nothing(_since: datetime) -> dict[str, datetime]:
    return {}


def _list() -> tuple[RevocationList, list[str]]:
    told: list[str] = []
    revocations = RevocationList("test", _nothing, refresh_s=1, kept_s=3600)
    revocations.on_revoked(told.append)
    return revocations, told


def test_a_key_revoked_again_refuses_what_was_issued_before_the_latest() -> None:
    revocations, told = _list()
    between = (FIRST.timestamp() + SECOND.timestamp()) / 2
    revocations.note("person-1", FIRST)
    assert revocations.refuses("person-1", FIRST.timestamp())
    assert not revocations.refuses("person-1", between)
    revocations.note("person-1", SECOND)
    assert revocations.refuses("person-1", between)
    assert not revocations.refuses("person-1", SECOND.timestamp() + 1)
    assert told == ["person-1", "person-1"]


def test_an_earlier_revocation_learnt_late_changes_nothing() -> None:
    revocations, told = _list()
    revocations.note("client-1", SECOND)
    revocations.note("client-1", FIRST)
    revocations.note("client-1", SECOND)
    assert revocations.refuses("client-1", SECOND.timestamp()) and told == ["client-1"]
