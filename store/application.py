"""``CarePlanning`` as the service runs it: events parsed with orjson, and saving and
projecting without the library's per-object runtime protocol checks, which cost a busy
worker more than encoding the events. The decisions and what is stored are the same."""

from collections.abc import Iterable
from typing import Any
from uuid import UUID

from eventsourcing.application import ProcessingEvent
from eventsourcing.domain import BaseAggregate, CanMutateAggregate
from eventsourcing.persistence import Recording, Transcoder

from domain.application import CarePlanning
from domain.transcodings import register_transcodings
from store.transcoder import OrjsonTranscoder


class ServicePlanning(CarePlanning):
    def construct_transcoder(self) -> Transcoder:
        transcoder = OrjsonTranscoder()
        register_transcodings(transcoder)
        return transcoder

    def save(self, *objs: Any, **kwargs: Any) -> list[Recording[UUID]]:
        """The library's ``save``, telling aggregates from events by class (all of ours
        are the library's own classes; anything else goes the library's way). The
        library's deprecated ``notify`` hook, which nothing here overrides, is not
        called."""
        processing = ProcessingEvent[UUID]()
        for obj in objs:
            if isinstance(obj, BaseAggregate):
                processing.events.extend(obj.collect_events())
                processing.aggregates[obj.id] = obj
            elif isinstance(obj, CanMutateAggregate):
                processing.events.append(obj)
            else:
                processing.collect_events(obj)
        processing.saved_kwargs.update(kwargs)
        recordings = self._record(processing)
        self._take_snapshots(processing)
        self._notify(recordings)
        return recordings

    def project(self, aggregate: Any, domain_events: Iterable[Any]) -> Any:
        """Each event mutates the aggregate in turn: the library's projector, less its
        per-event protocol check."""
        for domain_event in domain_events:
            aggregate = domain_event.mutate(aggregate)
        return aggregate
