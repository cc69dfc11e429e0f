"""A lock on a folder that several processes share (the signing keys' folder, on one host or one volume): a
process holds it while it looks for what should be there and creates what is missing, so replicas starting
together agree on one key and one secret rather than each making its own."""

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def folder_locked(folder: Path) -> Iterator[None]:
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / ".lock").open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
