"""Which values in events are a person's personal data, and what reads show once that
person's data key has been destroyed (KEEP-2).

A field is personal when its value can hold text: free text, and references to people,
are strings. What a decision was, when, who made it (staff, by their ids), and its
amounts, dates, counts, flags and coded choices are the decision's skeleton and stay in
plain text, so an erased record still shows what was decided. A few text fields are codes
or staff references, not anyone's personal data: ``KEPT_TEXT`` names them. Anything a
field could hold that is not known to be skeleton is personal: a new event's text is
sealed unless someone decides otherwise here.
"""

import types
import typing
from collections.abc import Hashable
from dataclasses import fields, is_dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from functools import cache
from typing import Any, ClassVar, cast
from uuid import UUID

from domain.actors import Actor
from domain.notifying import Notice

ERASED_TEXT = "[erased]"

# Text fields that are codes, staff ids or references of the authority's own, by name.
KEPT_TEXT = frozenset({
    "team",  # the authority's team that holds the plan
    "complaint_ref", "challenge_ref", "request_ref",  # the authority's case references
    "returned_to", "line_manager_ref",  # staff ids
    "fingerprint", "originator_topic",  # a request's hash; the library's class topic
    "authority",  # the level and rule a sign-off relied on (SIGN-7): who decided
    "named",  # the staff a person's records are restricted to
    "key_id",  # a data key's random id, in an erasure
})  # fmt: skip
# A decision's notice (which decision, which version, to whom, whether it tells of the
# right to complain) is codes alone, and is what shows whether the person was told.
SKELETON_TYPES: tuple[type, ...] = (bool, int, Decimal, date, datetime, UUID, Enum, Actor,
                                    Notice)  # fmt: skip
# Fields the library and every decision hold, never personal.
NEVER_SEALED = frozenset({"originator_id", "originator_version", "timestamp", "actor",
                          "occurred_at", "originator_topic"})  # fmt: skip


class Erased(str):
    """A personal value whose key was destroyed. It reads as ``[erased]`` and is true
    (there was something); as a record or a list it has nothing in it: any field of it is
    erased too, and it iterates as empty. Reads that show the skeleton of an erased record
    pass it through as text."""

    __slots__ = ()

    def __new__(cls) -> "Erased":
        return super().__new__(cls, ERASED_TEXT)

    def __getattribute__(self, name: str) -> Any:
        """A field of a value read as erased, even one named as a text method is
        (``Costing.split``, ``CopyIssued.format``); any other name is the text's own."""
        if name in _value_fields():
            return ERASED
        return super().__getattribute__(name)

    def __getattr__(self, name: str) -> "Erased":
        if name.startswith("__"):
            raise AttributeError(name)
        return self

    def __iter__(self) -> typing.Iterator[Any]:
        return iter(())

    def __len__(self) -> int:
        return 0

    def __bool__(self) -> bool:
        """Something was there (an empty field is stored empty, not sealed)."""
        return True

    def __getitem__(self, key: Any) -> "Erased":
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        return (Erased, ())


ERASED = Erased()


@cache
def _value_fields() -> frozenset[str]:
    """The names of the fields of every value type events hold."""
    from domain.transcodings import VALUE_TYPES

    return frozenset(f.name for value_type in VALUE_TYPES for f in fields(value_type))


def is_erased(value: object) -> bool:
    return isinstance(value, Erased)


def is_skeleton(hint: Any) -> bool:
    """Whether a value of this declared type cannot hold personal text."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        return all(is_skeleton(a) for a in typing.get_args(hint))
    if origin is tuple:
        return all(is_skeleton(a) for a in typing.get_args(hint) if a is not Ellipsis)
    if hint is type(None):
        return True
    if not isinstance(hint, type):
        return False  # ``Any``, a bare ``tuple`` or a type variable: could hold anything
    if issubclass(hint, SKELETON_TYPES):
        return True
    if is_dataclass(hint):
        hints = typing.get_type_hints(hint)
        return all(is_skeleton(hints[f.name]) for f in fields(hint))
    return False


def personal_fields(event_class: type[Any]) -> tuple[str, ...]:
    """The fields of this event class sealed under its person's data key."""
    return _personal_fields(cast(Hashable, event_class))


@cache
def _personal_fields(event_class: Any) -> tuple[str, ...]:
    hints = typing.get_type_hints(event_class)
    return tuple(
        name
        for name, hint in hints.items()
        if typing.get_origin(hint) is not ClassVar
        and name not in NEVER_SEALED
        and name not in KEPT_TEXT
        and not is_skeleton(hint)
    )


def subject_of(event: Any) -> str | UUID | None:
    """Whose personal data a stream holds, from the event that begins it: a person's ref
    (a plan's start, a complaint, a restriction, a read of a person's records), or the
    plan whose person it is (a plan's budget, a read of one plan). None: no one's."""
    person = getattr(event, "person_ref", None)
    if isinstance(person, str):
        return person
    read = getattr(event, "read", None)  # a read in the access log
    if read is not None:
        if isinstance(read.person_ref, str):
            return read.person_ref
        return read.plan_ids[0] if len(read.plan_ids) == 1 else None
    plan_id = getattr(event, "plan_id", None)
    return plan_id if isinstance(plan_id, UUID) else None
