"""Idempotent requests: a command sent with a key is recorded with the decision it made,
in the same transaction, so a retry with the same key gets the same answer and stores
nothing again."""

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate

from domain.events import register_explicit_topic
from domain.kinds import PlanStatus

REQUEST_NAMESPACE = UUID("b7e15163-2a1d-4f6e-9c0b-5d3a8e41f7a2")


@dataclass(frozen=True)
class RequestKey:
    """A client's key for a request, its fingerprint (what was asked), and who sent it."""

    key: str
    fingerprint: str
    actor_id: str

    @property
    def id(self) -> UUID:
        return uuid5(REQUEST_NAMESPACE, f"{self.actor_id}\x1f{self.key}")


class KeyedRequest(Aggregate):
    """What a keyed request decided: the plan, its version after, and its status."""

    TOPIC = "careledger:KeyedRequest"

    class Event(Aggregate.Event):
        TOPIC = "careledger:KeyedRequest.Event"

        def __init_subclass__(cls) -> None:
            super().__init_subclass__()
            register_explicit_topic(cls)

    class Created(Event, Aggregate.Created):
        """Never recorded: a keyed request's event is ``KeyedRequest.Answered``."""

        TOPIC = "careledger:KeyedRequest.Created"

    def __init__(
        self, fingerprint: str, plan_id: UUID, version: int, status: PlanStatus, at: datetime
    ) -> None:
        self.fingerprint = fingerprint
        self.plan_id = plan_id
        self.plan_version = version
        self.status = status

    @classmethod
    def answer(
        cls, key: RequestKey, plan_id: UUID, version: int, status: PlanStatus, at: datetime
    ) -> "KeyedRequest":
        return cls._create(
            Answered,
            id=key.id,
            fingerprint=key.fingerprint,
            plan_id=plan_id,
            version=version,
            status=status,
            at=at,
        )


class Answered(KeyedRequest.Created):
    TOPIC = "careledger:KeyedRequest.Answered"
    class_version = 1
    fingerprint: str
    plan_id: UUID
    version: int
    status: PlanStatus
    at: datetime
