"""Event payloads encrypted at rest with AES-GCM, on both stores: nothing readable in
the stored bytes, everything readable through the application with the key."""

import pytest
from eventsourcing.cipher import AESCipher
from eventsourcing.persistence import MapperDeserialisationError

from domain.application import CarePlanning
from tests import builders as b
from tests import lives
from tests.integration.conftest import Store

SECRET_TEXT = "it is unclear whether prevention services were explored"


def test_payloads_are_unreadable_at_rest_and_read_back_with_the_key(store: Store) -> None:
    env = {**store.env, "CIPHER_TOPIC": "eventsourcing.cipher:AESCipher",
           "CIPHER_KEY": AESCipher.create_key(32)}  # fmt: skip
    with CarePlanning(env) as writer:
        case = lives.started(writer)
        case.decide(b.indicative())
        case.decide(b.record_draft())
        case.decide(b.submit())
        case.decide(b.return_plan())
        written = writer.history(case.plan_id)

    with CarePlanning(env) as reader:
        stored = reader.recorder.select_notifications(start=None, limit=100)
        read_back = reader.history(case.plan_id)

    assert read_back == written
    assert all(SECRET_TEXT.encode() not in n.state for n in stored)
    assert all(b"person-000123" not in n.state for n in stored)
    assert {n.topic for n in stored} >= {"careledger:Plan.Returned"}  # topics stay plain


def test_without_the_key_nothing_can_be_read(store: Store) -> None:
    key = AESCipher.create_key(32)
    encrypted = {**store.env, "CIPHER_TOPIC": "eventsourcing.cipher:AESCipher", "CIPHER_KEY": key}
    with CarePlanning(encrypted) as writer:
        plan_id = writer.start_plan(b.start()).plan_id
    wrong = {**encrypted, "CIPHER_KEY": AESCipher.create_key(32)}

    with CarePlanning(wrong) as reader, pytest.raises(MapperDeserialisationError):
        reader.plan(plan_id)
