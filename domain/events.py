"""What every event class shares: an explicit, stable topic, registered when the class is
defined, so a stored event finds its class however the code is later arranged."""

from typing import Any

from eventsourcing.utils import register_topic


def register_explicit_topic(cls: type[Any]) -> None:
    topic = vars(cls).get("TOPIC")
    if not topic:
        raise TypeError(f"{cls.__qualname__} needs an explicit TOPIC")
    register_topic(topic, cls)


def event_type(event: object) -> str:
    """The stable name of an event's type: ``Plan.Submitted``."""
    topic: str = type(event).TOPIC  # type: ignore[attr-defined]
    return topic.partition(":")[2]
