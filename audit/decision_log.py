"""The decision log: one row per decision on any plan or budget, with its position in the
store, who made it in which role and at which authority level, when it happened and when
it was recorded, and for a decision the person must be told of, whether and when they
were told and of their right to complain (COMP-1).

It answers what the store alone cannot answer quickly: which version of a plan stood at
an instant (the store keeps no time column), which plans are a person's, and the
auditors' questions across every plan."""

from typing import Any

from audit.history import BACKDATED_AFTER, authority_level, erased_summary, summary
from domain.budget import aggregate as budgets
from domain.budget.aggregate import PersonalBudget
from domain.events import class_type, event_type, recorded_classes
from domain.notifying import Notice
from domain.notifying import decisions as notifying
from domain.personal_data import ERASED_TEXT, erasing, personal_fields
from domain.plan import starting
from domain.plan.aggregate import Plan
from projections.erasure import erase_columns
from projections.notice_keys import notice_key
from projections.rows import Positioned, Row, Rows, Table, utc_iso

ENTRIES = Table(
    "entries",
    ("position", "aggregate", "aggregate_id", "version", "plan_id", "plan_version",
     "person_ref", "type", "actor_id", "role", "authority_level", "team", "recorded_at",
     "occurred_at", "backdated", "reasons", "basis", "notice", "adverse", "told_at",
     "complaint_told", "summary"),
    ("position",),
    frozenset({"position", "version", "plan_version", "backdated", "adverse",
               "complaint_told"}),
    indexes=(("plan_id", "aggregate", "recorded_at"), ("person_ref", "position"),
             ("actor_id", "recorded_at"), ("role", "recorded_at"), ("type", "recorded_at"),
             ("adverse", "complaint_told")),
)  # fmt: skip
PLANS = Table("plans", ("plan_id", "person_ref", "budget_id"), ("plan_id",),
              indexes=(("person_ref",),))  # fmt: skip
BUDGETS = Table("budgets", ("budget_id", "plan_id"), ("budget_id",))
# A decision's notice to the person, until they are told: which entry owes it.
OWED = Table("owed", ("plan_id", "notice", "position"), ("plan_id", "notice"),
             frozenset({"position"}))  # fmt: skip


def _decision_classes() -> list[type[Any]]:
    return recorded_classes(Plan.Decision, PersonalBudget.Decision)


def _reasons(event: Any) -> str | None:
    """A return's reasons (their codes, comma-separated), or the reasons a decision gives
    in words (a declined share's, SHR-5)."""
    reasons = getattr(event, "reasons", None)
    if isinstance(reasons, tuple):
        return ",".join(r.value for r in reasons)
    if isinstance(reasons, str) and reasons.strip():
        return reasons
    return None


class DecisionLog:
    name = "decision_log"
    rules_version = 2  # 2: reasons in words and a decline's exception are kept
    tables: tuple[Table, ...] = (ENTRIES, PLANS, BUDGETS, OWED)
    positioned = True

    def __init__(self) -> None:
        self.topics: tuple[str, ...] = tuple(sorted(
            [c.TOPIC for c in _decision_classes()] + [erasing.Recorded.TOPIC]))  # fmt: skip

    def apply(self, fed: Positioned, rows: Rows) -> None:
        event = fed.event
        if isinstance(event, erasing.Recorded):
            self._erased(event, rows)
            return
        if isinstance(event, starting.Started):
            plan_id = event.originator_id
            rows.put(PLANS, {"plan_id": str(plan_id), "person_ref": event.person_ref,
                             "budget_id": str(PersonalBudget.create_id(plan_id))})  # fmt: skip
        if isinstance(event, budgets.Opened):
            rows.put(BUDGETS, {"budget_id": str(event.originator_id),
                               "plan_id": str(event.plan_id)})  # fmt: skip
        entry = self._entry(fed.position, event, rows)
        # a decision owes the person (or, for a copy, their advocate) a notice
        notice: Notice | None = getattr(event, "notice", None) or getattr(
            event, "advocate_notice", None
        )
        if isinstance(event, notifying.PersonNotified):
            self._told(event, rows)
        elif notice is not None:
            key = notice_key(notice)
            entry.update(notice=key, adverse=int(notice.right_to_complain))
            rows.put(OWED, {"plan_id": entry["plan_id"], "notice": key,
                            "position": fed.position})  # fmt: skip
        rows.put(ENTRIES, entry)

    def _entry(self, position: int, event: Any, rows: Rows) -> Row:
        is_budget = isinstance(event, PersonalBudget.Decision)
        if is_budget:
            budget = rows.get(BUDGETS, (str(event.originator_id),))
            plan_id = str(budget["plan_id"]) if budget else None
        else:
            plan_id = str(event.originator_id)
        plan = rows.get(PLANS, (plan_id,)) if plan_id else None
        actor = event.actor
        return {
            "position": position,
            "aggregate": "budget" if is_budget else "plan",
            "aggregate_id": str(event.originator_id),
            "version": event.originator_version,
            "plan_id": plan_id,
            "plan_version": event.plan_version if is_budget else event.originator_version,
            "person_ref": plan["person_ref"] if plan else None,
            "type": event_type(event),
            "actor_id": actor.id,
            "role": actor.role.value,
            "authority_level": authority_level(event),
            "team": actor.team,
            "recorded_at": utc_iso(event.timestamp),
            "occurred_at": utc_iso(event.occurred_at),
            "backdated": int(event.timestamp - event.occurred_at > BACKDATED_AFTER),
            "reasons": _reasons(event),
            "basis": _basis(event),
            "notice": None,
            "adverse": 0,
            "told_at": None,
            "complaint_told": 0,
            "summary": summary(event),
        }

    @staticmethod
    def _erased(event: erasing.Recorded, rows: Rows) -> None:
        """An erased person's plans (KEEP-2): their ref, and reasons given in words,
        erased; what was decided, when and by whom, kept."""
        plans = [str(s) for s in event.streams]
        erase_columns(rows, PLANS, "plan_id", plans, ("person_ref",))
        classes = {class_type(c): c for c in _decision_classes()}
        for plan_id in plans:
            for entry in rows.select(ENTRIES, plan_id=plan_id):
                cls = classes.get(str(entry["type"]))
                in_words = cls is None or "reasons" in personal_fields(cls)
                # its sentence may name others (a copy's recipient, a party): told again
                # from the skeleton alone, as a rebuild tells it
                erased = {"person_ref": ERASED_TEXT}
                if cls is None or personal_fields(cls):
                    erased["summary"] = erased_summary(str(entry["role"]), str(entry["actor_id"]),
                                                       str(entry["type"]))  # fmt: skip
                if in_words and entry["reasons"] is not None:
                    erased["reasons"] = ERASED_TEXT
                rows.put(ENTRIES, {**entry, **erased})

    def _told(self, event: notifying.PersonNotified, rows: Rows) -> None:
        """Marks the decision that owed this notice as told: the person's (or whoever is
        told for them), or for a copy the advocate's."""
        plan_id, key = str(event.originator_id), notice_key(event.notice)
        owed = rows.get(OWED, (plan_id, key))
        if owed is None:
            return
        decided = rows.get(ENTRIES, (owed["position"],))
        if decided is not None and decided["told_at"] is None:
            told = int(event.right_to_complain_explained)
            rows.put(ENTRIES, {**decided, "told_at": utc_iso(event.occurred_at),
                               "complaint_told": told})  # fmt: skip
        rows.delete(OWED, (plan_id, key))


def _basis(event: Any) -> str | None:
    """The basis a decision records: a share's (SHR-5), or the exception a decline relies
    on (SHR-3)."""
    basis = getattr(event, "basis", None) or getattr(event, "exception", None)
    value = getattr(basis, "value", None)
    return str(value) if value is not None else None
