"""What the bell can tell a live stream: the entries committed after the number the stream knows, only
when it holds every number from there on."""

from datetime import UTC, datetime

import pytest

from services.notifications.bell import Bell
from services.notifications.domain.preferences import Language
from services.notifications.storage.inbox import NumberedEntries, NumberedInboxEntry


def _committed(first: int, last: int, recipient: str = "providers/p1") -> NumberedEntries:
    entries = [
        NumberedInboxEntry(
            id=f"e{seq}",
            recipient=recipient,
            event_id=f"ev{seq}",
            event_type="application.approved",
            subject="applications/a1",
            title="Beslut",
            body="Ansökan är godkänd.",
            link=None,
            language=Language.SV,
            created_at=datetime(2026, 11, 24, tzinfo=UTC),
            seq=seq,
            read_at=None,
        )
        for seq in range(first, last + 1)
    ]
    return NumberedEntries(first, last, entries)


def _ranges(found: list[NumberedEntries] | None) -> list[tuple[int, int]] | None:
    return None if found is None else [(c.first, c.last) for c in found]


def test_what_follows_the_known_number_without_a_gap_is_carried_in_number_order() -> None:
    bell = Bell()
    for first, last in [(1, 2), (6, 8), (3, 5)]:  # two commits that rang the other way round
        bell.ring(_committed(first, last))
    assert _ranges(bell.after(2)) == [(3, 5), (6, 8)]
    assert _ranges(bell.after(8)) == []


def test_a_number_the_bell_never_carried_means_the_database_must_be_read() -> None:
    bell = Bell()
    bell.ring(_committed(1, 2))
    bell.ring(_committed(5, 6))  # 3 and 4 were taken by another process
    assert bell.after(2) is None
    assert _ranges(bell.after(4)) == [(5, 6)]


def test_a_commit_that_straddles_the_known_number_comes_along() -> None:
    bell = Bell()
    bell.ring(_committed(1, 4))
    assert _ranges(bell.after(2)) == [(1, 4)]


def test_forgotten_entries_mean_a_stream_that_far_behind_reads_the_database() -> None:
    bell = Bell(kept_entries=4)
    for first in range(1, 9, 2):
        bell.ring(_committed(first, first + 1))
    assert bell.after(0) is None
    assert _ranges(bell.after(4)) == [(5, 6), (7, 8)]


@pytest.mark.parametrize("rings", [0, 1])
async def test_a_ring_after_the_ticket_ends_the_wait(rings: int) -> None:
    bell = Bell()
    ticket = bell.ticket()
    for _ in range(rings):
        bell.ring(_committed(1, 1))
    assert await bell.wait(ticket, 0.05) is bool(rings)
