"""Replicas that start together on one keys folder agree on one signing key and one kept secret, rather than
each making its own (tokens one signs would fail where the other's key set is published)."""

import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from shared.auth.kept_secrets import kept_secret
from shared.auth.keys import SigningKeys
from shared.settings import Settings

STARTING_TOGETHER = 6


def _start(folder: str) -> tuple[str, bytes]:
    keys = SigningKeys.load_or_create(Path(folder))
    secret = kept_secret(Settings(signing_keys_dir=Path(folder)), None, "portal-client.secret")
    return str(keys.current.kid), secret


def test_processes_starting_together_make_one_key_and_one_secret(tmp_path: Path) -> None:
    folder = tmp_path / "keys"
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(STARTING_TOGETHER, mp_context=context) as pool:
        started = list(pool.map(_start, [str(folder)] * STARTING_TOGETHER))
    assert len({kid for kid, _ in started}) == 1
    assert len({secret for _, secret in started}) == 1
    assert len(list(folder.glob("*.pem"))) == 1
