"""Checkpoints and proofs over the integrity record on SQLite and PostgreSQL: an event's
inclusion in a checkpoint and a later checkpoint's consistency with an earlier one hold
when checked with nothing but the document and the public key, and stop holding when
anything in them is changed."""

import copy
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from audit import proofs
from audit.checkpoints import CheckpointLog, Signer
from audit.integrity import IntegrityLedger
from projections.runner import Runner
from projections.view import View
from tests.integration.conftest import OpenPlanning
from tests.lives import care_plan_life, direct_payment_life, self_funder_life


def flipped(document: dict[str, Any], *path: str | int) -> dict[str, Any]:
    changed = copy.deepcopy(document)
    target: Any = changed
    for key in path[:-1]:
        target = target[key]
    value = target[path[-1]]
    target[path[-1]] = ("1" if value[0] == "0" else "0") + value[1:]
    return changed


def test_inclusion_and_consistency_proofs_hold_offline_and_only_as_given(
    open_planning: OpenPlanning, views_env: dict[str, str]
) -> None:
    planning = open_planning()
    signer = Signer(Ed25519PrivateKey.generate())
    view = View(IntegrityLedger(), views_env)
    runner, log = Runner(planning, view), CheckpointLog(view)
    now = datetime.now(UTC)
    assert log.take(signer, now) is None  # nothing to sign yet
    care_plan_life(planning)
    runner.catch_up()
    first = log.take(signer, now)
    assert first is not None
    assert log.take(signer, now) == first  # nothing new: the same checkpoint
    direct_payment_life(planning)
    self_funder_life(planning)
    runner.catch_up()
    assert log.due(every_events=10_000, every_seconds=3600, now=now + timedelta(hours=2))
    assert not log.due(every_events=10_000, every_seconds=3600, now=now)
    second = log.take(signer, now + timedelta(minutes=1))
    assert second is not None
    assert second.size > first.size
    assert log.recent() == [second, first]
    key = signer.public_pem()

    position = planning.recorder.select_notifications(start=None, limit=5)[4].id
    inclusion = proofs.inclusion(view, position, first)
    assert proofs.check(inclusion, key)[0]
    assert proofs.check(proofs.inclusion(view, position, second), key)[0]
    for path in (("proof", 0), ("leaf_hash",), ("content",), ("checkpoint", "root")):
        assert not proofs.check(flipped(inclusion, *path), key)[0], path
    assert not proofs.check({**inclusion, "position": position + 1}, key)[0]
    assert not proofs.check(inclusion, Signer(Ed25519PrivateKey.generate()).public_pem())[0]
    later = planning.recorder.max_notification_id() or 0
    with pytest.raises(proofs.NotInCheckpoint, match="came after the checkpoint"):
        proofs.inclusion(view, later, first)

    consistency = proofs.consistency(view, first, second)
    holds, why = proofs.check(consistency, key)
    assert holds, why
    assert not proofs.check(flipped(consistency, "proof", 0), key)[0]
    assert not proofs.check(flipped(consistency, "new", "root"), key)[0]
    with pytest.raises(proofs.NotInCheckpoint):
        proofs.consistency(view, second, first)
    view.close()


def test_a_new_key_signs_the_record_at_once_and_the_old_checkpoints_stay(
    open_planning: OpenPlanning, views_env: dict[str, str]
) -> None:
    """After a key rotation the new key is due at once and signs the same size again;
    proofs then come from its checkpoint, and the old key's still hold under the old
    key."""
    planning = open_planning()
    old, new = Signer(Ed25519PrivateKey.generate()), Signer(Ed25519PrivateKey.generate())
    view = View(IntegrityLedger(), views_env)
    runner, log = Runner(planning, view), CheckpointLog(view)
    now = datetime.now(UTC)
    self_funder_life(planning)
    runner.catch_up()
    signed_old = log.take(old, now)
    assert signed_old is not None
    assert not log.due(1000, 3600, now, old.key_id)
    assert log.due(1000, 3600, now, new.key_id)
    signed_new = log.take(new, now + timedelta(seconds=1))
    assert signed_new is not None
    assert (signed_new.size, signed_new.root) == (signed_old.size, signed_old.root)
    assert signed_new.key_id == new.key_id
    assert not log.due(1000, 3600, now, new.key_id)
    assert log.at_size(signed_old.size, old.key_id) == signed_old
    assert log.at_size(signed_old.size, new.key_id) == signed_new
    assert log.latest(new.key_id) == signed_new
    position = planning.recorder.select_notifications(start=None, limit=3)[2].id
    assert proofs.check(proofs.inclusion(view, position, signed_new), new.public_pem())[0]
    assert proofs.check(proofs.inclusion(view, position, signed_old), old.public_pem())[0]
    assert not proofs.check(proofs.inclusion(view, position, signed_old), new.public_pem())[0]
