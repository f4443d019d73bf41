"""Erasing a person's records (KEEP-2): their data key is destroyed, and an ``Erasure``
records that it was, when, by whom and on what ground. It names only the key's id and the
streams (plans, budgets, complaints, reads) that were sealed under it: no personal data,
so it stays readable for as long as the store is kept."""

from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate

from domain.actors import Actor, Role
from domain.errors import Failure, RuleBroken
from domain.events import register_explicit_topic

ERASURE_NAMESPACE = UUID("4f0d3a5e-8b61-4c27-a9e2-6d1f0b7c3e58")
RULE = "KEEP-2"


class ErasureGround(Enum):
    RETENTION_ENDED = "retention_ended"  # the retention period after care ended (KEEP-1)
    ERASURE_REQUEST = "erasure_request"  # the person's request, where the law allows it


@dataclass(frozen=True)
class Erase:
    actor: Actor
    person_ref: str
    ground: ErasureGround


def erase_failures(command: Erase) -> list[Failure]:
    """Only an admin (information governance) erases a person's records (KEEP-2)."""
    if command.actor.role is not Role.ADMIN:
        return [Failure(RULE, "actor.role", "only an admin may erase a person's records")]
    return []


def require_erasable(command: Erase) -> None:
    if failures := erase_failures(command):
        raise RuleBroken("erase a person's records", failures)


class Erasure(Aggregate):
    """One person's records erased: an aggregate of a single event, never changed."""

    TOPIC = "careledger:Erasure"

    class Event(Aggregate.Event):
        TOPIC = "careledger:Erasure.Event"

        def __init_subclass__(cls) -> None:
            super().__init_subclass__()
            register_explicit_topic(cls)

    class Created(Event, Aggregate.Created):
        """Never recorded: an erasure's event is ``Erasure.Recorded``."""

        TOPIC = "careledger:Erasure.Created"

    def __init__(self, actor: Actor, occurred_at: datetime, key_id: str,
                 streams: tuple[UUID, ...], ground: ErasureGround) -> None:  # fmt: skip
        self.actor = actor
        self.occurred_at = occurred_at
        self.key_id = key_id
        self.streams = streams
        self.ground = ground

    @staticmethod
    def create_id(key_id: str) -> UUID:
        """One erasure per key: a key's id is random, so this names no one."""
        return uuid5(ERASURE_NAMESPACE, key_id)

    @classmethod
    def record(cls, actor: Actor, occurred_at: datetime, key_id: str,
               streams: tuple[UUID, ...], ground: ErasureGround) -> "Erasure":  # fmt: skip
        return cls._create(Recorded, id=cls.create_id(key_id), actor=actor,
                           occurred_at=occurred_at, key_id=key_id, streams=streams,
                           ground=ground)  # fmt: skip


class Recorded(Erasure.Created):
    TOPIC = "careledger:Erasure.Recorded"
    class_version = 1
    actor: Actor
    occurred_at: datetime
    key_id: str
    streams: tuple[UUID, ...]
    ground: ErasureGround
