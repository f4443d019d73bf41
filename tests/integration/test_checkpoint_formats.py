"""Checkpoints signed before the signed-note format, in a table made before it, on SQLite
and PostgreSQL: the table gains the new column when the service opens it, the old rows
still check as they were signed, and new checkpoints are signed notes beside them."""

import base64
from datetime import UTC, datetime

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from audit import notes
from audit.checkpoints import CHECKPOINTS, CheckpointLog, Signer, signature_holds
from audit.integrity import IntegrityLedger
from projections.runner import Runner
from projections.view import View
from tests.integration.conftest import OpenPlanning
from tests.lives import care_plan_life

OLD_COLUMNS = '"size" BIGINT, "root" TEXT, "chain" TEXT, "at" TEXT, "key_id" TEXT, "signature" TEXT'


def test_checkpoints_signed_in_the_old_format_still_hold_beside_signed_notes(
    open_planning: OpenPlanning, views_env: dict[str, str]
) -> None:
    planning = open_planning()
    care_plan_life(planning)
    view = View(IntegrityLedger(), views_env)
    Runner(planning, view, 1000).catch_up()
    signer = Signer(Ed25519PrivateKey.generate(), "careledger.local/test-council")
    table = view.dialect.qualified("integrity", CHECKPOINTS)
    at, root = "2026-11-01T09:00:00+00:00", "ab" * 32
    body = f"careledger integrity checkpoint\n1\n{root}\n{'cd' * 32}\n{at}\n".encode()
    p = view.dialect.placeholder
    with view.recorder.datastore.transaction(commit=True) as cursor:  # as an older release left it
        cursor.execute(f'CREATE TABLE {table} ({OLD_COLUMNS}, PRIMARY KEY ("size", "key_id"))')
        cursor.execute(f"INSERT INTO {table} VALUES ({p}, {p}, {p}, {p}, {p}, {p})",
                       (1, root, "cd" * 32, at, signer.key_id,
                        base64.b64encode(signer.private.sign(body)).decode()))  # fmt: skip

    log = CheckpointLog(view)
    new = log.take(signer, datetime.now(UTC))
    old = log.at_size(1, signer.key_id)

    assert old is not None
    assert new is not None
    assert old.origin is None
    assert signature_holds(old, signer.public_pem())
    assert new.origin == "careledger.local/test-council"
    assert signature_holds(new, signer.public_pem())
    assert notes.Note.parse(new.note()).text.startswith("careledger.local/test-council\n")
    view.close()
