"""Development keys and secrets: made once, whoever gets there first, and never readable
by others or half written."""

import errno
import os
import threading
from collections.abc import Callable
from functools import partial
from pathlib import Path

import pytest

from api.auth import _development_secret
from audit.checkpoints import Signer
from audit.key_files import made_once

AT_ONCE = 8
ROUNDS = 10  # a race lost once in a few tries: ten rounds all but always show it


def _all_at_once(task: Callable[[], object], count: int = AT_ONCE) -> list[object]:
    """``task()`` from ``count`` threads released together; what each returned."""
    start = threading.Barrier(count)
    results: list[object] = [None] * count

    def run(i: int) -> None:
        start.wait()
        results[i] = task()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def _made_then_read(path: Path) -> bytes:
    made_once(path, lambda: os.urandom(16))
    return path.read_bytes()


def test_a_file_is_made_once_for_its_owner_alone_and_then_kept(tmp_path: Path) -> None:
    path = tmp_path / "var" / "secret"
    assert made_once(path, lambda: b"first")
    assert not made_once(path, lambda: b"second")
    assert path.read_bytes() == b"first"
    assert path.stat().st_mode & 0o777 == 0o600
    assert os.listdir(path.parent) == ["secret"]  # no drafts left beside it


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_of_callers_at_once_one_makes_the_file_and_every_one_reads_what_it_wrote(
    tmp_path: Path, round_: int
) -> None:
    path = tmp_path / f"secret-{round_}"
    made: list[bytes] = []

    def make() -> bool:
        content = os.urandom(16)
        if made_once(path, lambda: content):
            made.append(content)
            return True
        return False

    results = _all_at_once(make)

    assert results.count(True) == 1
    assert made == [path.read_bytes()]
    assert os.listdir(tmp_path) == [path.name]


def test_without_hard_links_the_file_is_moved_into_place_and_never_read_half_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_links(_source: object, _target: object) -> None:
        raise PermissionError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    path = tmp_path / "secret"
    assert made_once(path, lambda: b"first")
    assert not made_once(path, lambda: b"second")
    assert path.read_bytes() == b"first"
    assert path.stat().st_mode & 0o777 == 0o600
    assert os.listdir(tmp_path) == ["secret"]

    for n in range(ROUNDS):  # callers at once each read a whole one
        read = _all_at_once(partial(_made_then_read, tmp_path / f"racing-{n}"))
        assert all(isinstance(r, bytes) and len(r) == 16 for r in read)


@pytest.mark.parametrize("_round", range(ROUNDS))
def test_callers_starting_together_share_one_development_key_and_secret(
    tmp_path: Path, _round: int
) -> None:
    """`serve`, its workers and `careledger token` may each be the first to want them
    (made without care, several rounds in ten had more than one)."""
    keys = _all_at_once(lambda: Signer.development(tmp_path / "key.pem").key_id)
    secrets = _all_at_once(lambda: _development_secret(tmp_path / "secret"))

    assert len(set(keys)) == 1
    assert len(set(secrets)) == 1
    assert len(str(secrets[0])) == 64  # 32 random bytes, in hex
    assert (tmp_path / "secret").stat().st_mode & 0o777 == 0o600
