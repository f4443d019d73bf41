"""Which fields of events are personal data (KEEP-2), how an erased value reads, and how
the sealing mapper stores and opens them: on an in-memory store."""

import json
import typing
from dataclasses import replace
from datetime import UTC, datetime
from uuid import UUID

import pytest
from cryptography.exceptions import InvalidTag
from eventsourcing.domain import DomainEvent
from eventsourcing.persistence import Mapper, MapperDeserialisationError, StoredEvent

from domain.access import Logged
from domain.budget import aggregate as budgets
from domain.complaining import decisions as complaining
from domain.deciding import decisions as deciding
from domain.events import recorded_classes
from domain.personal_data import (
    ERASED,
    ERASED_TEXT,
    NEVER_SEALED,
    is_erased,
    is_skeleton,
    personal_fields,
)
from domain.personal_data.erasing import Recorded
from domain.plan import starting
from store.application import ServicePlanning
from store.data_keys import MasterKey
from store.sealing import SEALED
from tests import builders as b


def memory_service() -> ServicePlanning:
    return ServicePlanning(env={"PERSISTENCE_MODULE": "eventsourcing.popo"},
                           directory=b.directory)  # fmt: skip


def test_a_persons_ref_and_free_text_are_sealed_and_the_skeleton_is_not() -> None:
    assert personal_fields(starting.Started) == ("person_ref",)
    signed = personal_fields(deciding.SignedOff)
    assert "preferences_and_wellbeing" in signed
    assert not {"final_weekly", "services_start_on", "notice", "authority", "route"} & set(signed)
    assert set(personal_fields(complaining.Received)) >= {"person_ref", "summary"}
    assert personal_fields(Logged) == ("read", "purpose")
    assert personal_fields(Recorded) == ()  # an erasure names no one
    assert personal_fields(budgets.FinalAgreed) == ("costing",)


def test_every_field_that_can_hold_text_is_sealed_unless_named_as_kept() -> None:
    classes = recorded_classes(DomainEvent)
    assert len(classes) > 50
    for cls in classes:
        hints = typing.get_type_hints(cls)
        for name, hint in hints.items():
            if typing.get_origin(hint) is typing.ClassVar or name in NEVER_SEALED:
                continue
            if hint is str and name not in personal_fields(cls):
                assert name in {"team", "complaint_ref", "challenge_ref", "request_ref",
                                "returned_to", "line_manager_ref", "fingerprint", "key_id"}, (
                    f"{cls.__name__}.{name}")  # fmt: skip
    assert not is_skeleton(str)
    assert is_skeleton(tuple[int, ...])
    assert not is_skeleton(tuple[str, ...])


def test_an_erased_value_reads_as_erased_whatever_is_asked_of_it() -> None:
    assert str(ERASED) == ERASED_TEXT
    assert is_erased(ERASED.needs.description)
    assert list(ERASED) == []
    assert len(ERASED) == 0
    assert ERASED  # there was something there
    assert is_erased(ERASED[0])
    assert f"{ERASED}" == ERASED_TEXT
    assert json.dumps({"v": ERASED}) == '{"v": "[erased]"}'


def test_the_master_key_wraps_each_key_bound_to_its_id() -> None:
    master = MasterKey.from_text(MasterKey.new_text())
    wrapped = master.wrap("key-1", b"k" * 32)
    assert b"k" * 32 not in wrapped
    assert master.unwrap("key-1", wrapped) == b"k" * 32
    with pytest.raises(InvalidTag):
        master.unwrap("key-2", wrapped)
    with pytest.raises(InvalidTag):
        MasterKey.from_text(MasterKey.new_text()).unwrap("key-1", wrapped)
    with pytest.raises(ValueError, match="32 bytes"):
        MasterKey(b"short")


def test_a_plans_start_is_stored_with_the_persons_ref_sealed() -> None:
    planning = memory_service()
    recorded = planning.start_plan(b.start())
    stored = planning.recorder.select_notifications(start=None, limit=10)
    started = next(n for n in stored if n.originator_id == recorded.plan_id)
    state = json.loads(started.state)
    assert "person_ref" not in state
    assert set(state[SEALED]) == {"key", "data"}
    assert state["team"] == "east-locality"  # the skeleton in plain text
    assert b.PERSON.encode() not in b"".join(bytes(n.state) for n in stored)
    assert planning.plan(recorded.plan_id).person_ref == b.PERSON


def test_a_sealed_entry_moved_to_another_event_does_not_open() -> None:
    planning = memory_service()
    first = planning.start_plan(b.start())
    second = planning.start_plan(replace(b.start(), person_ref="person-000777"))
    stored = planning.recorder.select_notifications(start=None, limit=20)
    one, two = (next(n for n in stored if n.originator_id == p.plan_id) for p in (first, second))
    moved = json.loads(two.state)
    moved[SEALED] = json.loads(one.state)[SEALED]  # the first person's, on the second's
    planning.data_keys.bind(second.plan_id, moved[SEALED]["key"])
    forged = StoredEvent(two.originator_id, two.originator_version, two.topic,
                         json.dumps(moved).encode())  # fmt: skip
    with pytest.raises(MapperDeserialisationError, match="do not open"):
        planning.mapper.to_domain_event(forged)


def test_an_event_stored_before_sealing_reads_as_it_was() -> None:
    planning = memory_service()
    plain: Mapper[UUID] = Mapper(transcoder=planning.mapper.transcoder)
    event = starting.start(b.start(), datetime.now(UTC)).collect_events()[0]
    stored = plain.to_stored_event(event)
    assert b.PERSON.encode() in stored.state
    assert planning.mapper.to_domain_event(stored).person_ref == b.PERSON  # type: ignore[attr-defined]
