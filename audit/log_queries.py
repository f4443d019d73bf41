"""Reading the decision log and the access log: where each decision of a plan is in the
store, which plans are a person's, which version of a plan stood at an instant, and the
auditors' questions across every plan. Each answer states the position it was read at."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from audit.access_log import ACCESS
from audit.decision_log import ENTRIES, PLANS
from projections.rows import Row, Table, utc_iso
from projections.sql import as_row, quoted, values_of
from projections.view import View

# The decision types behind the auditors' named questions.
RETURNED = "Plan.Returned"
SHARE_DECLINED = "Plan.ShareDeclined"
SIGNED_OFF = "Plan.SignedOff"


class NoRecords(LookupError):
    """Nothing is recorded for what was asked: a person with no plans, or a plan not yet
    started at an instant."""


@dataclass(frozen=True)
class Found:
    rows: list[Row]
    total: int
    position: int  # the log's position the answer was read at


@dataclass(frozen=True)
class DecisionFilters:
    actor: str | None = None
    role: str | None = None
    type: str | None = None
    team: str | None = None
    authority_level: str | None = None
    reason: str | None = None  # a return reason (RET-1)
    plan_id: str | None = None
    person_ref: str | None = None
    recorded_from: datetime | None = None
    recorded_to: datetime | None = None
    # adverse decisions whose telling of the right to complain is not recorded (COMP-1)
    missing_right_to_complain: bool = False


@dataclass(frozen=True)
class AccessFilters:
    plan_id: str | None = None
    person_ref: str | None = None
    reader: str | None = None
    read_from: datetime | None = None
    read_to: datetime | None = None


def _decision_where(f: DecisionFilters, p: str) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    for column, value in (("actor_id", f.actor), ("role", f.role), ("type", f.type),
                          ("team", f.team), ("authority_level", f.authority_level),
                          ("plan_id", f.plan_id), ("person_ref", f.person_ref)):  # fmt: skip
        if value is not None:
            clauses.append(f'"{column}" = {p}')
            params.append(value)
    if f.reason is not None:
        clauses.append(f"(',' || \"reasons\" || ',') LIKE {p}")
        params.append(f"%,{f.reason},%")
    if f.recorded_from is not None:
        clauses.append(f'"recorded_at" >= {p}')
        params.append(utc_iso(f.recorded_from))
    if f.recorded_to is not None:
        clauses.append(f'"recorded_at" < {p}')
        params.append(utc_iso(f.recorded_to))
    if f.missing_right_to_complain:
        clauses.append('"adverse" = 1 AND "complaint_told" = 0')
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def _page(view: View, table: Table, where: str, params: list[Any], limit: int,
          offset: int) -> Found:  # fmt: skip
    p = view.dialect.placeholder
    name = view.dialect.qualified(view.model.name, table)
    with view.reading() as rows:
        position = view.position_in(rows)
        rows.cursor.execute(f"SELECT COUNT(*) FROM {name}{where}", tuple(params))
        total = int(values_of(rows.cursor.fetchone())[0])
        rows.cursor.execute(f"SELECT {quoted(table.columns)} FROM {name}{where} "
                            f'ORDER BY "position" LIMIT {p} OFFSET {p}',
                            (*params, limit, offset))  # fmt: skip
        found = [as_row(table, r) for r in rows.cursor.fetchall()]
    return Found(found, total, position)


def decisions(view: View, filters: DecisionFilters, limit: int = 100, offset: int = 0
              ) -> Found:  # fmt: skip
    """Decisions matching every filter, in the order they were recorded."""
    where, params = _decision_where(filters, view.dialect.placeholder)
    return _page(view, ENTRIES, where, params, limit, offset)


def reads(view: View, filters: AccessFilters, limit: int = 100, offset: int = 0) -> Found:
    """Entries of the access log matching every filter, oldest first."""
    p = view.dialect.placeholder
    clauses: list[str] = []
    params: list[Any] = []
    for column, value in (("plan_id", filters.plan_id), ("person_ref", filters.person_ref),
                          ("reader_id", filters.reader)):  # fmt: skip
        if value is not None:
            clauses.append(f'"{column}" = {p}')
            params.append(value)
    if filters.read_from is not None:
        clauses.append(f'"at" >= {p}')
        params.append(utc_iso(filters.read_from))
    if filters.read_to is not None:
        clauses.append(f'"at" < {p}')
        params.append(utc_iso(filters.read_to))
    where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
    return _page(view, ACCESS, where, params, limit, offset)


def positions_of(view: View, plan_id: UUID) -> dict[tuple[str, int], int]:
    """Where each decision on the plan and its budget is in the store, so far as the log
    has reached."""
    p = view.dialect.placeholder
    name = view.dialect.qualified(view.model.name, ENTRIES)
    with view.reading() as rows:
        rows.cursor.execute(f'SELECT "aggregate_id", "version", "position" FROM {name} '
                            f'WHERE "plan_id" = {p}', (str(plan_id),))  # fmt: skip
        fetched = [values_of(r) for r in rows.cursor.fetchall()]
    return {(str(a), int(v)): int(at) for a, v, at in fetched}


def plans_of(view: View, person_ref: str) -> list[UUID]:
    """The person's plans, oldest first."""
    p = view.dialect.placeholder
    plans = view.dialect.qualified(view.model.name, PLANS)
    entries = view.dialect.qualified(view.model.name, ENTRIES)
    with view.reading() as rows:
        rows.cursor.execute(
            f'SELECT p."plan_id", MIN(e."position") FROM {plans} p JOIN {entries} e '
            f'ON e."plan_id" = p."plan_id" WHERE p."person_ref" = {p} '
            f'GROUP BY p."plan_id" ORDER BY 2', (person_ref,))  # fmt: skip
        return [UUID(str(values_of(r)[0])) for r in rows.cursor.fetchall()]


@dataclass(frozen=True)
class VersionsAt:
    plan_version: int | None  # none if the plan had not been started by then
    budget_version: int | None
    position: int  # the log's position the versions were read at


def versions_at(view: View, plan_id: UUID, instant: datetime) -> VersionsAt:
    """The versions of the plan and its budget recorded by ``instant``: an index lookup
    on (plan, aggregate, recorded time), however large the store."""
    p = view.dialect.placeholder
    name = view.dialect.qualified(view.model.name, ENTRIES)
    found: dict[str, int | None] = {}
    with view.reading() as rows:
        position = view.position_in(rows)
        for aggregate in ("plan", "budget"):
            rows.cursor.execute(
                f'SELECT MAX("version") FROM {name} WHERE "plan_id" = {p} '
                f'AND "aggregate" = {p} AND "recorded_at" <= {p}',
                (str(plan_id), aggregate, utc_iso(instant)))  # fmt: skip
            value = values_of(rows.cursor.fetchone())[0]
            found[aggregate] = int(value) if value is not None else None
    return VersionsAt(found["plan"], found["budget"], position)
