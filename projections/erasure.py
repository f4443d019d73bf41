"""What a read model does when a person's records are erased (KEEP-2): the rows of the
erased streams keep their skeleton, and the columns that held the person's data read as
erased. A rebuild from the events holds nothing of the person either, though not always
row for row the same: it works from the skeleton alone (two copies to people now erased
are one row there, for instance)."""

from collections.abc import Iterable

from domain.notifying import CopyRecipient
from domain.personal_data import ERASED_TEXT
from projections.rows import Rows, Table


def erase_columns(rows: Rows, table: Table, match: str, values: Iterable[str],
                  columns: tuple[str, ...]) -> None:  # fmt: skip
    """Each row whose ``match`` column holds one of ``values`` has ``columns`` erased (a
    column with nothing in it stays empty)."""
    for value in values:
        for row in rows.select(table, **{match: value}):
            erased = {c: ERASED_TEXT for c in columns if row.get(c) not in (None, "")}
            if erased:
                rows.put(table, {**row, **erased})


def erase_copy_keys(rows: Rows, table: Table, plans: Iterable[str]) -> None:
    """Each of the plans' rows keyed by a copy owed or given (its ``item``: version,
    recipient and the recipient's ref) is keyed again with the ref erased, numbered so
    that two copies stay two rows."""
    for plan_id in plans:
        numbered = 0
        for row in rows.select(table, plan_id=plan_id):
            item = str(row["item"])
            erased = erased_copy_key(item, numbered + 1)
            if erased is not None:
                numbered += 1
                rows.delete(table, table.key_of(row))
                rows.put(table, {**row, "item": erased})


def erased_copy_key(item: str, number: int) -> str | None:
    """A copy's key (``copy_key``, perhaps after ``copy:``) with its recipient's ref
    erased; None for a key that names no one."""
    prefix, parts = "", item.split(":")
    if parts[0] == "copy":
        prefix, parts = "copy:", parts[1:]
    if len(parts) < 3 or not parts[0].isdigit() or parts[1] not in RECIPIENTS:
        return None
    if parts[2].startswith(ERASED_TEXT):
        return None  # erased already
    return f"{prefix}{parts[0]}:{parts[1]}:{ERASED_TEXT}{number}"


RECIPIENTS = frozenset(r.value for r in CopyRecipient)
