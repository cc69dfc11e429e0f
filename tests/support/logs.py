"""Everything a test's requests log, through the standard library and through structlog, as one text."""

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pytest

from shared.logging import get_logger


class _Recorder(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextmanager
def _every_log_record(request: pytest.FixtureRequest) -> Iterator[list[logging.LogRecord]]:
    """Every standard-library record at DEBUG and above: through pytest's caplog when the logging plugin is
    on, and through a handler of the test's own on the root logger either way (also under -p no:logging)."""
    root = logging.getLogger()
    try:
        caplog: pytest.LogCaptureFixture | None = request.getfixturevalue("caplog")
    except pytest.FixtureLookupError:
        caplog = None
    if caplog is not None:
        # First, so that what caplog puts back after the test is the level before the block, not DEBUG
        # for the rest of the process's tests.
        caplog.set_level(logging.DEBUG)
    # caplog holds the whole phase's records, those logged before the block too (a fixture's, the test's
    # own setting up): only those from here on are the block's.
    before = len(caplog.records) if caplog is not None else 0
    recorder = _Recorder()
    level = root.level
    root.addHandler(recorder)
    root.setLevel(logging.DEBUG)
    records: list[logging.LogRecord] = []
    try:
        yield records
    finally:
        root.removeHandler(recorder)
        root.setLevel(level)
        records.extend(recorder.records)
        if caplog is not None:
            records.extend(caplog.records[before:])


def _rendered(record: logging.LogRecord) -> str:
    """A record as any handler could render it: the message, its arguments, extras and exception."""
    parts = [record.getMessage(), repr(vars(record))]
    if record.exc_info:
        parts.append(logging.Formatter().formatException(record.exc_info))
    return "\n".join(parts)


@dataclass
class Logged:
    records: str = ""  # the standard library's records
    printed: str = ""  # what structlog (and anything else) wrote to stdout and stderr


@contextmanager
def everything_logged(request: pytest.FixtureRequest, capsys: pytest.CaptureFixture[str]) -> Iterator[Logged]:
    """What was logged inside the block, filled in when it ends. Both channels are proven to be captured at
    DEBUG, so the absence of something in them means something."""
    logged = Logged()
    capsys.readouterr()
    with _every_log_record(request) as records:
        yield logged
        get_logger("services").debug("capture_check", marker="struct-marker")
        logging.getLogger("services").debug("capture_check %s", "stdlib-marker")
    captured = capsys.readouterr()
    logged.records = "\n".join(_rendered(record) for record in records)
    logged.printed = captured.out + captured.err
    assert "stdlib-marker" in logged.records
    assert "struct-marker" in logged.printed


def assert_never_logged(logged: Logged, traces: set[str]) -> None:
    for trace in traces:
        assert trace not in logged.records, f"{trace!r} was logged"
        assert trace not in logged.printed, f"{trace!r} was printed"
