"""What changed between two versions of a plan: every field of the plan and its budget
that differs, by path. Lists of things with a reference (needs, outcomes) are matched
by it, costed lines by their service, anything else by place, so that one need added
reads as one addition rather than every later need changed."""

from dataclasses import dataclass
from typing import Any

# Counters that move with every decision and say nothing about the plan's content.
UNCOMPARED = frozenset({"version", "budget.version"})
# How items of a list are matched between versions, first match wins: a copy is owed
# per version and recipient, so a copy for a new version is an addition, not a change.
ITEM_KEYS: tuple[tuple[str, ...], ...] = (
    ("ref",), ("service",), ("plan_version", "recipient_ref"), ("recipient_ref",),
    ("challenge_ref",),
)  # fmt: skip


@dataclass(frozen=True)
class Change:
    path: str  # e.g. ``draft.needs[ref=N2].how_met`` or ``budget.agreed.weekly_amount``
    change: str  # added, removed, changed
    before: Any
    after: Any


def diff(before: dict[str, Any], after: dict[str, Any]) -> list[Change]:
    """Changes from ``before`` to ``after`` (both the JSON form of a plan as it stood)."""
    changes: list[Change] = []
    _diff_dicts(before, after, "", changes)
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


def _diff_dicts(a: dict[str, Any], b: dict[str, Any], path: str, changes: list[Change]
                ) -> None:  # fmt: skip
    for name in list(a) + [n for n in b if n not in a]:
        if _join(path, name) not in UNCOMPARED:
            _diff(a.get(name), b.get(name), _join(path, name), changes)


def _label(item: dict[str, Any], key: tuple[str, ...]) -> str:
    return ",".join(f"{k}={item[k]}" for k in key)


def _unique(items: list[Any], key: tuple[str, ...]) -> bool:
    return len({_label(i, key) for i in items}) == len(items)


def _key_of(a: list[Any], b: list[Any]) -> tuple[str, ...] | None:
    """The key every item of both lists has, unique within each list; none if none."""
    for key in ITEM_KEYS:
        if all(isinstance(i, dict) and all(i.get(k) is not None for k in key) for i in a + b) and (
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
    before = {_label(i, key): i for i in a}
    after = {_label(i, key): i for i in b}
    for k in list(before) + [k for k in after if k not in before]:
        _diff(before.get(k), after.get(k), f"{path}[{k}]", changes)
