"""Every event type, written to a real store (an SQLite file, a PostgreSQL schema) and read
back by another application instance."""

import typing
from dataclasses import fields, is_dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any
from uuid import UUID

import pytest
from eventsourcing.utils import resolve_topic

from audit.summaries import SUMMARIES
from domain.budget.aggregate import PersonalBudget
from domain.plan.aggregate import Plan
from domain.transcodings import (
    ENUM_TYPES,
    VALUE_TYPES,
    CareledgerTranscoder,
    register_transcodings,
)
from store.transcoder import OrjsonTranscoder
from tests import builders as b
from tests import lives
from tests.integration.conftest import OpenPlanning
from tests.postgres_server import PostgresServer


def all_event_classes() -> list[type[Any]]:
    """Every decision event of both aggregates."""
    found: list[type[Any]] = []
    stack: list[type[Any]] = [Plan.Decision, PersonalBudget.Decision]
    while stack:
        cls = stack.pop()
        stack.extend(cls.__subclasses__())
        if cls not in (Plan.Decision, PersonalBudget.Decision):
            found.append(cls)
    return found


LIVES = (lives.care_plan_life, lives.direct_payment_life, lives.self_funder_life)


def test_every_event_type_round_trips_through_a_real_store(
    open_planning: OpenPlanning,
) -> None:
    writer = open_planning()
    plan_ids = [life(writer).plan_id for life in LIVES]
    written = [e for plan_id in plan_ids for e in writer.history(plan_id)]

    reader = open_planning()
    read_back = [e for plan_id in plan_ids for e in reader.history(plan_id)]

    assert read_back == written
    assert {type(e) for e in read_back} == set(all_event_classes())
    assert reader.recorder.max_notification_id() == len(written)


def test_a_plan_rebuilt_from_the_file_equals_the_plan_that_was_saved(
    open_planning: OpenPlanning,
) -> None:
    writer = open_planning()
    plan_ids = [life(writer).plan_id for life in LIVES]

    reader = open_planning()

    for plan_id in plan_ids:
        assert reader.plan(plan_id) == writer.plan(plan_id)
        assert reader.budget(plan_id) == writer.budget(plan_id)


def test_stored_events_carry_their_explicit_topics(open_planning: OpenPlanning) -> None:
    planning = open_planning()
    planning.start_plan(b.start())

    stored = planning.recorder.select_notifications(start=None, limit=10)

    assert [n.topic for n in stored] == [
        "careledger:Plan.Started",
        "careledger:PersonalBudget.Opened",
    ]


def value_types_reachable_from(cls: type[Any], seen: set[type[Any]]) -> set[type[Any]]:
    """Every dataclass, enum and date type an event can hold, however deeply nested."""
    found: set[type[Any]] = set()
    hints = typing.get_type_hints(cls)
    names = [f.name for f in fields(cls)] if is_dataclass(cls) else list(hints)
    stack = [hints[name] for name in names if name in hints]
    while stack:
        hint = stack.pop()
        stack.extend(typing.get_args(hint))
        if not isinstance(hint, type) or hint in seen:
            continue
        if issubclass(hint, Enum) or issubclass(hint, date) or is_dataclass(hint):
            seen.add(hint)
            found.add(hint)
            if is_dataclass(hint):
                found |= value_types_reachable_from(hint, seen)
    return found


def test_every_value_type_in_an_event_has_a_registered_transcoding() -> None:
    reachable: set[type[Any]] = set()
    for cls in all_event_classes():
        reachable |= value_types_reachable_from(cls, set())

    registered = set(VALUE_TYPES) | set(ENUM_TYPES) | {date}

    assert reachable - registered - {datetime} == set()


def test_every_event_topic_resolves_to_its_own_class() -> None:
    classes: list[type[Any]] = [
        *all_event_classes(),
        Plan.Event,
        Plan.Created,
        PersonalBudget.Event,
    ]

    for cls in classes:
        assert resolve_topic(cls.TOPIC) is cls


@pytest.mark.parametrize("transcoder", [CareledgerTranscoder(), OrjsonTranscoder()])
def test_every_registered_enum_member_and_a_date_survive_the_transcoder(
    transcoder: CareledgerTranscoder,
) -> None:
    register_transcodings(transcoder)
    values: dict[str, Any] = {
        "members": [member for enum in ENUM_TYPES for member in enum],
        "on": date(2026, 3, 1),
        "nested": {"pair": (b.PRACTITIONER, date(2026, 1, 31))},
    }

    decoded = transcoder.decode(transcoder.encode(values))

    assert decoded["members"] == tuple(values["members"])
    assert all(
        type(a) is type(b_) for a, b_ in zip(decoded["members"], values["members"], strict=True)
    )
    assert decoded["on"] == date(2026, 3, 1)
    assert decoded["nested"] == {"pair": (b.PRACTITIONER, date(2026, 1, 31))}


def test_every_event_type_reads_as_a_sentence_in_the_history() -> None:
    missing = [cls for cls in all_event_classes() if cls not in SUMMARIES]

    assert missing == []


def immutable(value: Any) -> bool:
    if value is None or isinstance(value, str | int | float | Decimal | date | UUID | Enum):
        return True
    if isinstance(value, tuple | frozenset):
        return all(immutable(v) for v in value)
    if is_dataclass(value) and not isinstance(value, type):
        frozen = type(value).__dataclass_params__.frozen  # type: ignore[attr-defined]
        return bool(frozen) and all(immutable(getattr(value, f.name)) for f in fields(value))
    return False


def test_aggregate_state_is_immutable_so_copies_may_share_it(
    open_planning: OpenPlanning,
) -> None:
    planning = open_planning()
    for life in LIVES:
        case = life(planning)
        for aggregate in (case.plan, case.budget):
            state = {k: v for k, v in vars(aggregate).items() if k != "_pending_events"}
            mutable = [k for k, v in state.items() if not immutable(v)]

            assert mutable == []


def test_the_service_keeps_the_locking_insert_path_whatever_the_environment_says(
    postgres_server: PostgresServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the library's stored functions, events can commit out of notification order
    and a runner could skip one for good; the service's settings always say no."""
    from api.service import open_planning
    from api.settings import Settings
    from domain.application import CarePlanning

    monkeypatch.setenv("POSTGRES_ENABLE_DB_FUNCTIONS", "y")
    monkeypatch.setenv("CARELEDGER_POSTGRES_ENABLE_DB_FUNCTIONS", "y")
    settings = Settings(
        store="postgres", postgres_port=postgres_server.port, postgres_user="postgres",
        postgres_schema=postgres_server.new_schema(),
    )  # fmt: skip
    planning = open_planning(settings)
    unguarded = CarePlanning(env=dict(postgres_server.env(postgres_server.new_schema())))
    try:
        guarded: Any = planning.recorder
        hazard: Any = unguarded.recorder  # the library's default, reading the environment
        assert guarded.datastore.enable_db_functions is False
        assert hazard.datastore.enable_db_functions is True
    finally:
        planning.close()
        unguarded.close()
