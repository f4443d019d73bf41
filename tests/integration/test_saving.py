"""The application's ``save`` tells aggregates from events by their class, not by the
library's runtime protocol checks: what it stores, in what order, and what it caches, is
what the library's own would."""

from collections.abc import Sequence
from typing import Any
from uuid import UUID, uuid4

import pytest
from eventsourcing.application import ProcessingEvent

from domain.access import ReadOf, RecordsRead
from domain.budget.aggregate import PersonalBudget
from domain.plan import starting
from tests import builders as b
from tests.integration.conftest import OpenPlanning


@pytest.fixture
def library_way(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """What reaches the library's own protocol-checking collection."""
    handed: list[Any] = []
    collect = ProcessingEvent.collect_events

    def noted(self: ProcessingEvent[UUID], *objs: Any, **kwargs: Any) -> None:
        handed.extend(objs)
        collect(self, *objs, **kwargs)

    monkeypatch.setattr(ProcessingEvent, "collect_events", noted)
    return handed


def test_aggregates_and_events_saved_together_are_stored_in_order_and_aggregates_cached(
    open_planning: OpenPlanning, library_way: list[Any]
) -> None:
    writer, reader = open_planning(), open_planning()
    command = b.start()
    plan = starting.start(command, writer.clock())
    budget = PersonalBudget.open(plan.id, plan.kind, plan.basis, command.actor, plan.started_at)
    entry = RecordsRead.log(command.actor, ReadOf("plan", (plan.id,)), "a test")
    entry_events = entry.collect_events()

    recordings = writer.save(plan, None, *entry_events, budget)

    assert [r.domain_event.originator_id for r in recordings] == [plan.id, entry.id, budget.id]
    assert not plan.pending_events
    assert not budget.pending_events
    assert reader.plan(plan.id).version == plan.version
    assert reader.budget(plan.id).version == budget.version
    assert list(reader.events.get(entry.id)) == entry_events
    cache: Any = writer.repository.cache
    assert cache.get(plan.id) is plan
    assert cache.get(budget.id) is budget
    assert reader.recorder.max_notification_id() == recordings[-1].notification.id
    assert library_way == [None]  # told apart by class, not by the protocol checks


class _Tally:
    """An aggregate of no library class: it only has an id and pending events."""

    def __init__(self, events: Sequence[Any]) -> None:
        self.id: UUID = events[0].originator_id if events else uuid4()
        self._pending = list(events)

    def collect_events(self) -> list[Any]:
        collected, self._pending = self._pending, []
        return collected


def test_an_object_of_no_library_class_is_saved_the_library_s_way(
    open_planning: OpenPlanning, library_way: list[Any]
) -> None:
    writer = open_planning()
    command = b.start()
    entry = RecordsRead.log(command.actor, ReadOf("plan", (uuid4(),)), None)
    tally = _Tally(entry.collect_events())

    recordings = writer.save(tally)

    assert [r.domain_event.originator_id for r in recordings] == [entry.id]
    assert tally.collect_events() == []
    assert library_way == [tally]
    assert writer.repository.cache.get(entry.id) is tally  # type: ignore[union-attr]
