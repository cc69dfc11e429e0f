import base64
from datetime import UTC, datetime, timedelta

import orjson
import pytest

from shared.errors import InvalidInput
from shared.pagination import decode_cursor, encode_cursor


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
