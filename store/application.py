"""``CarePlanning`` as the service runs it: each event's personal fields sealed under its
person's data key (KEEP-2, ``store.sealing``), events parsed with orjson, and saving and
projecting without the library's per-object runtime protocol checks, which cost a busy
worker more than encoding the events. The decisions are the same."""

import contextlib
from collections.abc import Iterable
from typing import Any
from uuid import UUID

from eventsourcing.application import ProcessingEvent
from eventsourcing.domain import BaseAggregate, CanMutateAggregate
from eventsourcing.persistence import IntegrityError, Mapper, Recording, Transcoder

from domain.actors import Actor
from domain.application import CarePlanning
from domain.errors import NothingToErase
from domain.personal_data.erasing import Erase, Erasure, require_erasable
from domain.transcodings import register_transcodings
from store.data_keys import DataKeys, KeyWrapper, MasterKey, key_table_for
from store.sealing import SealingMapper
from store.shred_log import Shredded, ShredLog
from store.transcoder import OrjsonTranscoder


class ServicePlanning(CarePlanning):
    def __init__(self, env: Any = None, *, key_wrapper: KeyWrapper | None = None,
                 **kwargs: Any) -> None:  # fmt: skip
        # each person's data key: wrapped by ``key_wrapper``, else by the master key the
        # settings give (``DATA_MASTER_KEY``), else kept as it is
        self.data_keys = DataKeys(key_wrapper)
        super().__init__(env, **kwargs)
        self.data_keys.table = key_table_for(self.recorder, self.env)
        self.data_keys.check_wrapper()
        self.data_keys.erasures.append(self.forget_people)

    def construct_mapper(self) -> Mapper[UUID]:
        """The library's mapper, with each event's personal fields sealed under its
        person's data key (KEEP-2)."""
        master = self.env.get("DATA_MASTER_KEY")
        if master and self.data_keys.wrapper is self.data_keys.unwrapped:
            self.data_keys.wrapper = MasterKey.from_text(master)
        return SealingMapper(super().construct_mapper(), self.data_keys)

    def erased(self, stream_id: UUID) -> bool:
        return self.data_keys.erased(stream_id)

    def erase(self, command: Erase, shred_log: ShredLog) -> Erasure:
        """Erases the person's records (KEEP-2): the shred log's line first (KEEP-3), then
        the ``Erasure`` event, then the key destroyed. Should the last step not happen,
        re-applying the shred log destroys the key."""
        require_erasable(command)
        key_id = self.data_keys.table.person_key(command.person_ref)
        if key_id is None:
            raise NothingToErase()
        now = self.clock()
        erasure = Erasure.record(command.actor, now, key_id, self.data_keys.table.streams(key_id),
                                 command.ground)  # fmt: skip
        shred_log.append(Shredded(key_id, now, command.ground))
        if not self._exists(erasure.id):  # recorded by an attempt the key outlived
            with contextlib.suppress(IntegrityError):  # or by another at this moment
                self.save(erasure)
        self.data_keys.destroy_key(key_id, now)
        return erasure

    def reapply_erasures(self, actor: Actor, shred_log: ShredLog) -> list[str]:
        """Every erasure in the shred log applied again (KEEP-3): after a store is restored
        from a backup, a key destroyed since is destroyed again, and its ``Erasure``
        recorded if the backup predates it. The ids of the keys destroyed now."""
        destroyed = []
        for entry in shred_log.entries():
            if not self._exists(Erasure.create_id(entry.key_id)):
                streams = self.data_keys.table.streams(entry.key_id)
                self.save(Erasure.record(actor, entry.at, entry.key_id, streams,
                                         entry.ground))  # fmt: skip
            if self.data_keys.destroy_key(entry.key_id, self.clock()):
                destroyed.append(entry.key_id)
        return destroyed

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
