"""What every event class shares: an explicit, stable topic, registered when the class is
defined, so a stored event finds its class however the code is later arranged."""

from typing import Any, TypeVar

from eventsourcing.utils import register_topic

A = TypeVar("A")


def register_explicit_topic(cls: type[Any]) -> None:
    topic = vars(cls).get("TOPIC")
    if not topic:
        raise TypeError(f"{cls.__qualname__} needs an explicit TOPIC")
    register_topic(topic, cls)


def recorded_classes(*roots: type[Any]) -> list[type[Any]]:
    """Every event class under ``roots`` that is recorded: with a topic and a version of
    its own (not an abstract base such as ``Plan.Decision``)."""
    found: list[type[Any]] = []
    pending = list(roots)
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if "TOPIC" in vars(cls) and getattr(cls, "class_version", None) is not None:
            found.append(cls)
    return found


def class_type(cls: type[Any]) -> str:
    """An event class's stable name, as ``event_type`` gives an event's."""
    return str(cls.TOPIC).partition(":")[2]


def event_type(event: object) -> str:
    """The stable name of an event's type: ``Plan.Submitted``."""
    topic: str = type(event).TOPIC  # type: ignore[attr-defined]
    return topic.partition(":")[2]


def copy_aggregate(aggregate: A) -> A:
    """A copy for a decision to work on. Every attribute of our aggregates' state is
    immutable (tuples, frozensets, frozen dataclasses, enums, numbers, strings, dates), so
    sharing them is as safe as copying them deeply, and far cheaper; only the list of
    pending events is the copy's own."""
    copied: Any = object.__new__(type(aggregate))
    copied.__dict__.update(vars(aggregate))
    copied._pending_events = list(copied._pending_events)
    return copied  # type: ignore[no-any-return]
