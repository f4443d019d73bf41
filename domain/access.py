"""Reads of a person's records: who read what, in which role, when and why. Each read is
an event in the same store as the decisions, so the access log is append-only and the
integrity record covers it like any decision."""

from dataclasses import dataclass
from uuid import UUID, uuid4

from eventsourcing.domain import Aggregate

from domain.actors import Actor
from domain.events import register_explicit_topic


@dataclass(frozen=True)
class ReadOf:
    """What was read: ``what`` names the view (``plan``, ``history``, ``timeline``,
    ``chronology.csv``, ...); ``plan_ids`` the plans it showed; ``person_ref`` whose
    records they are, when the read was of a person rather than one plan."""

    what: str
    plan_ids: tuple[UUID, ...]
    person_ref: str | None = None
    detail: str | None = None  # e.g. the version or instant asked for


class RecordsRead(Aggregate):
    """One read: an aggregate of a single event, never changed."""

    TOPIC = "careledger:RecordsRead"

    class Event(Aggregate.Event):
        TOPIC = "careledger:RecordsRead.Event"

        def __init_subclass__(cls) -> None:
            super().__init_subclass__()
            register_explicit_topic(cls)

    class Created(Event, Aggregate.Created):
        """Never recorded: a read's event is ``RecordsRead.Logged``."""

        TOPIC = "careledger:RecordsRead.Created"

    def __init__(self, reader: Actor, read: ReadOf, purpose: str | None) -> None:
        self.reader = reader
        self.read = read
        self.purpose = purpose

    @classmethod
    def log(cls, reader: Actor, read: ReadOf, purpose: str | None) -> "RecordsRead":
        return cls._create(Logged, id=uuid4(), reader=reader, read=read, purpose=purpose)


class Logged(RecordsRead.Created):
    TOPIC = "careledger:RecordsRead.Logged"
    class_version = 1
    reader: Actor
    read: ReadOf
    purpose: str | None
