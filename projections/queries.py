"""Reading the read models: a page of a work queue, oldest (or soonest due) first, and
the plan facts the reports are made from."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from domain.complaining import ComplaintStatus
from projections.complaints import COMPLAINTS
from projections.facts import DECISIONS, DUES, PLAN_FACTS, SPANS
from projections.queues import ITEMS, QUEUES
from projections.rows import Row
from projections.sql import as_row, quoted, values_of
from projections.view import View

# Queues of things due on a date are read soonest first; the rest oldest first.
BY_DUE = frozenset({"reviews", "direct-payment-reviews"})


@dataclass(frozen=True)
class QueueFilters:
    team: str | None = None
    practitioner: str | None = None
    level: str | None = None
    due_within_days: int | None = None  # for queues by due date: due by today + N days
    plan_id: str | None = None


@dataclass(frozen=True)
class QueuePage:
    items: list[dict[str, Any]]
    total: int
    position: int  # the view's position the page was read at


def _where(queue: str | None, filters: QueueFilters, today: date, p: str
           ) -> tuple[str, list[Any]]:  # fmt: skip
    clauses, params = [], []
    if queue is not None:
        clauses.append(f'"queue" = {p}')
        params.append(queue)
    for column in ("team", "practitioner", "level", "plan_id"):
        value = getattr(filters, column)
        if value is not None:
            clauses.append(f'"{column}" = {p}')
            params.append(value)
    if filters.due_within_days is not None:
        clauses.append(f'("due" = \'\' OR "due" <= {p})')
        params.append((today + timedelta(days=filters.due_within_days)).isoformat())
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def queue_page(view: View, queue: str, filters: QueueFilters, limit: int, offset: int,
               now: datetime) -> QueuePage:  # fmt: skip
    assert queue in QUEUES, queue
    p = view.dialect.placeholder
    table = view.dialect.qualified(view.model.name, ITEMS)
    where, params = _where(queue, filters, now.date(), p)
    order = '"due", "since", "plan_id"' if queue in BY_DUE else '"since", "plan_id", "item"'
    columns = quoted(ITEMS.columns)
    with view.reading() as rows:
        position = view.position_in(rows)
        cursor = rows.cursor
        cursor.execute(f"SELECT COUNT(*) FROM {table}{where}", tuple(params))
        total = int(values_of(cursor.fetchone())[0])
        cursor.execute(f"SELECT {columns} FROM {table}{where} ORDER BY {order} "
                       f"LIMIT {p} OFFSET {p}", (*params, limit, offset))  # fmt: skip
        fetched = [as_row(ITEMS, r) for r in cursor.fetchall()]
    return QueuePage([_item(r, now) for r in fetched], total, position)


def queue_counts(view: View, filters: QueueFilters, now: datetime
                 ) -> tuple[dict[str, int], int]:  # fmt: skip
    """How many items each queue holds, and the view's position they were counted at."""
    p = view.dialect.placeholder
    table = view.dialect.qualified(view.model.name, ITEMS)
    where, params = _where(None, filters, now.date(), p)
    with view.reading() as rows:
        position = view.position_in(rows)
        rows.cursor.execute(f'SELECT "queue", COUNT(*) FROM {table}{where} GROUP BY "queue"',
                            tuple(params))  # fmt: skip
        counted = {str(q): int(n) for q, n in map(values_of, rows.cursor.fetchall())}
    return {queue: counted.get(queue, 0) for queue in QUEUES}, position


def _item(row: Row, now: datetime) -> dict[str, Any]:
    since = datetime.fromisoformat(str(row["since"]))
    item: dict[str, Any] = {**row, "age_days": (now - since).days}
    due = str(row["due"] or "")
    item["due"] = due or None
    item["overdue"] = bool(due) and date.fromisoformat(due) < now.date()
    item["plan"] = f"/plans/{row['plan_id']}"
    return item


@dataclass(frozen=True)
class FactRows:
    facts: list[Row]
    spans: list[Row]
    decisions: list[Row]
    dues: list[Row]
    position: int


def fact_rows(view: View, team: str | None = None) -> FactRows:
    """Every plan's facts (of one team, if given), for the reports."""
    equals = {"team": team} if team else {}
    with view.reading() as rows:
        position = view.position_in(rows)
        facts = rows.select(PLAN_FACTS, **equals)
        wanted = {f["plan_id"] for f in facts}
        spans = [s for s in rows.select(SPANS) if s["plan_id"] in wanted]
        decisions = rows.select(DECISIONS, **equals)
        dues = rows.select(DUES, **equals)
    return FactRows(facts, spans, decisions, dues, position)


@dataclass(frozen=True)
class ComplaintFilters:
    open_only: bool = True  # received or acknowledged, not yet answered or withdrawn
    overdue_only: bool = False  # not acknowledged, or not answered, by its day (CMP-6)
    team: str | None = None
    person_ref: str | None = None
    plan_id: str | None = None


def complaint_page(view: View, filters: ComplaintFilters, limit: int, offset: int,
                   today: date) -> QueuePage:  # fmt: skip
    """Complaints, soonest due first; each says what it waits for and whether that is
    overdue. ``today`` is the day in England."""
    p = view.dialect.placeholder
    table = view.dialect.qualified(view.model.name, COMPLAINTS)
    clauses, params = [], []
    if filters.open_only or filters.overdue_only:
        clauses.append(f'"status" IN ({p}, {p})')
        params += [ComplaintStatus.RECEIVED.value, ComplaintStatus.ACKNOWLEDGED.value]
    if filters.overdue_only:
        clauses.append(f'"due" < {p}')
        params.append(today.isoformat())
    for column in ("team", "person_ref", "plan_id"):
        if (value := getattr(filters, column)) is not None:
            clauses.append(f'"{column}" = {p}')
            params.append(value)
    where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
    with view.reading() as rows:
        position = view.position_in(rows)
        cursor = rows.cursor
        cursor.execute(f"SELECT COUNT(*) FROM {table}{where}", tuple(params))
        total = int(values_of(cursor.fetchone())[0])
        cursor.execute(f"SELECT {quoted(COMPLAINTS.columns)} FROM {table}{where} "
                       "ORDER BY CASE WHEN \"due\" = '' THEN 1 ELSE 0 END, \"due\", "
                       f'"received_at", "complaint_ref" LIMIT {p} OFFSET {p}',
                       (*params, limit, offset))  # fmt: skip
        fetched = [as_row(COMPLAINTS, r) for r in cursor.fetchall()]
    return QueuePage([complaint_item(r, today) for r in fetched], total, position)


WAITING_FOR = {ComplaintStatus.RECEIVED.value: "acknowledgement",
               ComplaintStatus.ACKNOWLEDGED.value: "response"}  # fmt: skip


def complaint_item(row: Row, today: date) -> dict[str, Any]:
    due = str(row["due"] or "")
    received = date.fromisoformat(str(row["received_on"]))
    return {
        **row, "due": due or None, "waiting_for": WAITING_FOR.get(str(row["status"])),
        "overdue": bool(due) and date.fromisoformat(due) < today,
        "age_days": (today - received).days, "plan_id": row["plan_id"] or None,
        "complaint": f"/complaints/{row['complaint_ref']}",
    }  # fmt: skip
