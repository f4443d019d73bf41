"""What changed between two versions of a plan: every field of the plan and its budget
that differs, by path. Lists of things with a reference (needs, outcomes) are matched
by it, costed lines by their service, anything else by place, so that one need added
reads as one addition rather than every later need changed."""

from dataclasses import dataclass
from typing import Any

# Fields that change with every decision and say nothing about the plan's content.
UNCOMPARED = frozenset({"version"})
# How items of a list are matched between versions, first match wins.
ITEM_KEYS = ("ref", "service", "recipient_ref", "challenge_ref")


@dataclass(frozen=True)
class Change:
    path: str  # e.g. ``draft.needs[ref=N2].how_met`` or ``budget.agreed.weekly_amount``
    change: str  # added, removed, changed
    before: Any
    after: Any


def diff(before: dict[str, Any], after: dict[str, Any]) -> list[Change]:
    """Changes from ``before`` to ``after`` (both the JSON form of a plan as it stood)."""
    changes: list[Change] = []
    _diff_dicts(before, after, "", changes, top=True)
    return changes


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def _diff(a: Any, b: Any, path: str, changes: list[Change]) -> None:
    if isinstance(a, dict) and isinstance(b, dict):
        _diff_dicts(a, b, path, changes)
    elif isinstance(a, list) and isinstance(b, list):
        _diff_lists(a, b, path, changes)
    elif a != b:
        if a is None:
            changes.append(Change(path, "added", None, b))
        elif b is None:
            changes.append(Change(path, "removed", a, None))
        else:
            changes.append(Change(path, "changed", a, b))


def _diff_dicts(a: dict[str, Any], b: dict[str, Any], path: str, changes: list[Change],
                top: bool = False) -> None:  # fmt: skip
    for name in list(a) + [n for n in b if n not in a]:
        if top and name in UNCOMPARED:
            continue
        _diff(a.get(name), b.get(name), _join(path, name), changes)


def _unique(items: list[Any], key: str) -> bool:
    return len({str(i[key]) for i in items}) == len(items)


def _key_of(a: list[Any], b: list[Any]) -> str | None:
    """The key every item of both lists has, unique within each list; none if none."""
    for key in ITEM_KEYS:
        if all(isinstance(i, dict) and i.get(key) is not None for i in a + b) and (
            _unique(a, key) and _unique(b, key)
        ):
            return key
    return None


def _diff_lists(a: list[Any], b: list[Any], path: str, changes: list[Change]) -> None:
    key = _key_of(a, b) if a or b else None
    if key is None:
        for i in range(max(len(a), len(b))):
            _diff(a[i] if i < len(a) else None, b[i] if i < len(b) else None,
                  f"{path}[{i}]", changes)  # fmt: skip
        return
    before = {str(i[key]): i for i in a}
    after = {str(i[key]): i for i in b}
    for k in list(before) + [k for k in after if k not in before]:
        _diff(before.get(k), after.get(k), f"{path}[{key}={k}]", changes)
