import base64
from datetime import UTC, date, datetime, timedelta

import orjson
import pytest

from shared.errors import InvalidInput
from shared.pagination import SortKey, _decode_values, _encode, decode_cursor, encode_cursor


def test_a_cursor_round_trips() -> None:
    moment = datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
    assert decode_cursor(encode_cursor(moment, "abc")) == (moment, "abc")


def forged(value: object) -> str:
    return base64.urlsafe_b64encode(orjson.dumps(value)).decode().rstrip("=")


@pytest.mark.parametrize(
    "cursor",
    [
        "",
        "%%%",
        "bm90IGpzb24",
        "WzFd",
        "e30",  # {}
        forged({"0": "2026-03-29T01:30:00+00:00", "1": "abc"}),
        forged(["2026-03-29T01:30:00", "abc"]),  # a moment without its offset
        forged(["0001-01-01T00:00:00+01:00", "abc"]),  # before the first moment a datetime holds, in UTC
        forged(["2026-03-29T01:30:00+00:00", 7]),
        forged(["2026-03-29T01:30:00+00:00", "a\x00b"]),
        forged(["2026-03-29T01:30:00+00:00", "x" * 65]),
        forged(["2026-03-29T01:30:00+00:00", "abc", "more"]),
        forged([20260329, "abc"]),
        forged("2026-03-29T01:30:00+00:00"),
    ],
)
def test_a_forged_cursor_is_invalid_input_naming_the_cursor(cursor: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        decode_cursor(cursor)
    assert [error["location"] for error in refused.value.extensions["errors"]] == ["cursor"]


def test_a_cursor_in_another_offset_is_read_in_utc() -> None:
    moment, _ = decode_cursor(forged(["2026-03-29T03:30:00+02:00", "abc"]))
    assert moment == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
    assert moment.utcoffset() == timedelta(0)


_QUEUE_KEYS = (
    SortKey("urgent", bool, descending=True),
    SortKey("due_on", date),
    SortKey("created_at", datetime),
    SortKey("id", str),
)


def test_a_composite_cursor_carries_flags_days_and_moments() -> None:
    moment = datetime(2026, 12, 3, 20, 5, 1, 250, tzinfo=UTC)
    cursor = _encode([True, date(2026, 12, 9), moment, "item-1"])
    assert _decode_values(cursor, _QUEUE_KEYS) == [True, date(2026, 12, 9), moment, "item-1"]
    offset = _encode([False, "2026-12-09", "2026-12-03T21:05:01.000250+01:00", "item-1"])
    assert _decode_values(offset, _QUEUE_KEYS)[2] == moment


@pytest.mark.parametrize(
    "values",
    [
        [1, "2026-12-09", "2026-12-03T20:05:01+00:00", "x"],  # a number is no flag
        [True, "2026-13-09", "2026-12-03T20:05:01+00:00", "x"],  # no such day
        [True, "2026-12-09", "2026-12-03T20:05:01", "x"],  # a moment without its offset
        [True, 20261209, "2026-12-03T20:05:01+00:00", "x"],
        [True, "2026-12-09", "2026-12-03T20:05:01+00:00"],  # a key missing
    ],
)
def test_a_composite_cursor_of_the_wrong_types_is_refused(values: list[object]) -> None:
    with pytest.raises(InvalidInput):
        _decode_values(_encode(values), _QUEUE_KEYS)
