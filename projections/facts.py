"""Facts about each plan for the reports: how long it spent in each state (CONS-3), its
budget and who signed it off (CONS-1, CNT-5), its adverse decisions and shares (COMP-1,
SHR-5), and what people were owed and when they got it (RET-3, NOT-1, NOT-2)."""

from typing import Any

from domain.amending import decisions as amending
from domain.budget import Costing, ProviderType
from domain.budget import aggregate as budgets
from domain.budget_after import decisions as budget_after
from domain.deciding import decisions as deciding
from domain.drafting import NeedMetBy
from domain.drafting import decisions as drafting
from domain.lifecycle import decisions as lifecycle
from domain.notifying import Notice
from domain.notifying import decisions as notifying
from domain.personal_data import erasing
from domain.plan import starting
from domain.reviewing import decisions as reviewing
from domain.sharing import decisions as sharing
from projections.erasure import erase_columns, erase_copy_keys
from projections.notice_keys import copy_key, notice_key
from projections.rows import ByEventClass, Row, Rows, Table, utc_iso

PLAN_FACTS = Table(
    "plan_facts",
    ("plan_id", "kind", "basis", "team", "practitioner", "status", "started_at",
     "first_submitted_at", "first_signed_off_at", "first_signer", "signer", "signer_level",
     "rounds", "returns", "information_requests", "indicative_weekly", "final_weekly",
     "above_indicative", "justified", "setting", "eligible_needs", "next_review_on", "ended",
     "open_state", "paused_from", "span_seq"),
    ("plan_id",),
    frozenset({"rounds", "returns", "information_requests", "above_indicative", "justified",
               "eligible_needs", "ended", "span_seq"}),
    indexes=(("team",),),
)  # fmt: skip
SPANS = Table("spans", ("plan_id", "seq", "state", "entered_at", "left_at"),
              ("plan_id", "seq"), frozenset({"seq"}))  # fmt: skip
DECISIONS = Table(
    "decisions",
    ("plan_id", "version", "kind", "decided_at", "decided_by", "team", "practitioner",
     "right_to_complain", "basis", "extent", "line_manager", "detail", "notice"),
    ("plan_id", "version"),
    frozenset({"version", "right_to_complain"}),
    indexes=(("kind",),),
)  # fmt: skip
DUES = Table("dues", ("plan_id", "item", "kind", "since", "done_at", "team", "practitioner",
                      "detail"),
             ("plan_id", "item"), indexes=(("kind",),))  # fmt: skip
BUDGETS = Table("budgets", ("budget_id", "plan_id"), ("budget_id",))

CARE_HOMES = frozenset({ProviderType.RESIDENTIAL_CARE, ProviderType.NURSING_CARE})


def setting_of(costing: Costing) -> str:
    """A plan is in a care home when any costed line is residential or nursing care."""
    return "care_home" if any(i.provider_type in CARE_HOMES for i in costing.line_items) else (
        "community")  # fmt: skip


class PlanFacts(ByEventClass):
    name = "plan_facts"
    tables: tuple[Table, ...] = (PLAN_FACTS, SPANS, DECISIONS, DUES, BUDGETS)

    def __init__(self) -> None:
        self.handle(
            {
                starting.Started: self._started,
                budgets.Opened: self._budget_opened,
                budgets.ProposedCosted: self._costed,
                drafting.DraftRecorded: self._drafted,
                drafting.Submitted: self._submitted,
                deciding.InformationRequested: self._information_requested,
                deciding.InformationProvided: self._information_provided,
                deciding.Returned: self._returned,
                deciding.SignedOff: self._signed_off,
                amending.AmendmentAgreed: self._amending,
                amending.AmendmentRefused: self._adverse,
                sharing.ShareDeclined: self._share_declined,
                sharing.PlanShared: self._shared,
                budget_after.ChallengeAnswered: self._challenge_answered,
                notifying.PersonNotified: self._notified,
                notifying.CopyProvided: self._copied,
                reviewing.ReviewCompleted: self._reviewed,
                lifecycle.SafeguardingDecided: self._safeguarding,
                lifecycle.PlanResumed: self._resumed,
                lifecycle.PlanEnded: self._ended,
                erasing.Recorded: self._erased,
            }
        )

    def _erased(self, e: erasing.Recorded, rows: Rows) -> None:
        """An erased person's plans (KEEP-2): the details that could name them, erased."""
        plans = [str(s) for s in e.streams]
        erase_columns(rows, DECISIONS, "plan_id", plans, ("detail",))
        erase_columns(rows, DUES, "plan_id", plans, ("detail",))
        erase_copy_keys(rows, DUES, plans)

    # --- helpers ------------------------------------------------------------------------

    def _facts(self, rows: Rows, event: Any) -> Row:
        row = rows.get(PLAN_FACTS, (str(event.originator_id),))
        assert row is not None
        return row

    def _move(self, rows: Rows, event: Any, state: str | None, **changes: Any) -> None:
        """Closes the open span and opens one for ``state`` (none when ``None``)."""
        facts = self._facts(rows, event)
        plan_id, at = str(event.originator_id), utc_iso(event.occurred_at)
        seq = int(facts["span_seq"] or 0)
        if facts["open_state"]:
            rows.put(
                SPANS,
                {
                    "plan_id": plan_id,
                    "seq": seq,
                    "state": facts["open_state"],
                    "entered_at": self._entered(rows, plan_id, seq),
                    "left_at": at,
                },
            )
        if state is not None:
            seq += 1
            rows.put(SPANS, {"plan_id": plan_id, "seq": seq, "state": state, "entered_at": at,
                             "left_at": None})  # fmt: skip
        rows.put(PLAN_FACTS, {**facts, "open_state": state, "span_seq": seq, **changes})

    def _entered(self, rows: Rows, plan_id: str, seq: int) -> str | None:
        span = rows.get(SPANS, (plan_id, seq))
        return None if span is None else str(span["entered_at"])

    def _decision(self, rows: Rows, event: Any, kind: str, **fields: Any) -> None:
        facts = self._facts(rows, event)
        rows.put(DECISIONS, {"plan_id": str(event.originator_id),
                             "version": event.originator_version, "kind": kind,
                             "decided_at": utc_iso(event.occurred_at), "decided_by": event.actor.id,
                             "team": facts["team"], "practitioner": facts["practitioner"],
                             "right_to_complain": 0, **fields})  # fmt: skip

    def _due(self, rows: Rows, event: Any, item: str, kind: str, detail: str) -> None:
        facts = self._facts(rows, event)
        rows.put(DUES, {"plan_id": str(event.originator_id), "item": item, "kind": kind,
                        "since": utc_iso(event.occurred_at), "done_at": None,
                        "team": facts["team"], "practitioner": facts["practitioner"],
                        "detail": detail})  # fmt: skip

    def _done(self, rows: Rows, event: Any, item: str) -> None:
        due = rows.get(DUES, (str(event.originator_id), item))
        if due is not None and due["done_at"] is None:
            rows.put(DUES, {**due, "done_at": utc_iso(event.occurred_at)})

    def _notice(self, rows: Rows, event: Any, notice: Notice) -> None:
        self._due(rows, event, notice_item(notice), "notice",
                  f"{notice.decision} to the {notice.recipient.value}")  # fmt: skip

    # --- handlers -----------------------------------------------------------------------

    def _started(self, e: starting.Started, rows: Rows) -> None:
        rows.put(PLAN_FACTS, {
            "plan_id": str(e.originator_id), "kind": e.kind.value, "basis": e.basis.value,
            "team": e.team, "practitioner": e.actor.id, "status": "started",
            "started_at": utc_iso(e.occurred_at), "rounds": 0, "returns": 0,
            "information_requests": 0, "above_indicative": 0, "justified": 0,
            "eligible_needs": 0, "ended": 0, "span_seq": 0, "open_state": None,
        })  # fmt: skip
        self._move(rows, e, "drafting")

    def _budget_opened(self, e: budgets.Opened, rows: Rows) -> None:
        rows.put(BUDGETS, {"budget_id": str(e.originator_id), "plan_id": str(e.plan_id)})

    def _costed(self, e: budgets.ProposedCosted, rows: Rows) -> None:
        link = rows.get(BUDGETS, (str(e.originator_id),))
        assert link is not None
        facts = rows.get(PLAN_FACTS, (link["plan_id"],))
        assert facts is not None
        rows.put(PLAN_FACTS, {**facts, "setting": setting_of(e.costing)})

    def _drafted(self, e: drafting.DraftRecorded, rows: Rows) -> None:
        eligible = sum(1 for n in e.draft.needs if n.eligible and n.met_by is NeedMetBy.AUTHORITY)
        rows.put(PLAN_FACTS, {**self._facts(rows, e), "eligible_needs": eligible,
                              "status": "draft"})  # fmt: skip

    def _submitted(self, e: drafting.Submitted, rows: Rows) -> None:
        facts = self._facts(rows, e)
        self._move(rows, e, "awaiting_sign_off", status="submitted", rounds=e.round,
                   practitioner=e.actor.id,
                   first_submitted_at=facts["first_submitted_at"] or utc_iso(e.occurred_at),
                   indicative_weekly=str(e.indicative_weekly),
                   above_indicative=int(e.proposed_weekly > e.indicative_weekly),
                   justified=int(e.justification is not None))  # fmt: skip

    def _information_requested(self, e: deciding.InformationRequested, rows: Rows) -> None:
        facts = self._facts(rows, e)
        count = int(facts["information_requests"] or 0) + 1
        self._move(rows, e, "information_requested", information_requests=count)

    def _information_provided(self, e: deciding.InformationProvided, rows: Rows) -> None:
        self._move(rows, e, "awaiting_sign_off")

    def _returned(self, e: deciding.Returned, rows: Rows) -> None:
        facts = self._facts(rows, e)
        self._move(rows, e, "returned", status="returned",
                   returns=int(facts["returns"] or 0) + 1)  # fmt: skip
        self._decision(rows, e, "returned", right_to_complain=int(e.notice.right_to_complain),
                       detail=", ".join(r.value for r in e.reasons),
                       notice=notice_item(e.notice))  # fmt: skip
        self._notice(rows, e, e.notice)

    def _signed_off(self, e: deciding.SignedOff, rows: Rows) -> None:
        facts = self._facts(rows, e)
        at = utc_iso(e.occurred_at)
        self._move(
            rows,
            e,
            None,
            status="signed_off",
            final_weekly=str(e.final_weekly),
            first_signed_off_at=facts["first_signed_off_at"] or at,
            first_signer=facts["first_signer"] or e.actor.id,
            signer=e.actor.id,
            signer_level=e.authority.level,
            next_review_on=e.first_review_on.isoformat(),
        )
        self._decision(rows, e, "signed_off", detail=e.authority.rule,
                       extent=e.route.value, basis=e.authority.level)  # fmt: skip
        self._notice(rows, e, e.notice)
        for copy in e.copies_due:
            self._due(
                rows,
                e,
                f"copy:{copy_key(copy)}",
                "copy",
                f"{copy.recipient.value} ({copy.obligation})",
            )

    def _amending(self, e: amending.AmendmentAgreed, rows: Rows) -> None:
        self._move(rows, e, "drafting", status="amending")

    def _adverse(self, e: amending.AmendmentRefused, rows: Rows) -> None:
        self._decision(rows, e, "amendment_refused", right_to_complain=1, detail=e.reasons,
                       notice=notice_item(e.notice))  # fmt: skip
        self._notice(rows, e, e.notice)

    def _share_declined(self, e: sharing.ShareDeclined, rows: Rows) -> None:
        self._decision(rows, e, "share_declined", right_to_complain=int(e.notice is not None),
                       basis="declined", extent="none", line_manager=e.line_manager_ref,
                       detail=e.reasons,
                       notice=notice_item(e.notice) if e.notice else None)  # fmt: skip
        if e.notice is not None:
            self._notice(rows, e, e.notice)

    def _shared(self, e: sharing.PlanShared, rows: Rows) -> None:
        self._decision(rows, e, "shared", basis=e.basis.value, extent=e.copy.extent.value,
                       line_manager=e.line_manager_ref or None,
                       detail=f"{e.copy.recipient.value} {e.copy.recipient_ref}")  # fmt: skip
        self._copy_done(rows, e, e.copy)

    def _challenge_answered(self, e: budget_after.ChallengeAnswered, rows: Rows) -> None:
        if e.notice.right_to_complain:
            self._decision(rows, e, "challenge_unresolved", right_to_complain=1,
                           detail=e.outcome.value, notice=notice_item(e.notice))  # fmt: skip
        self._notice(rows, e, e.notice)  # upheld or not, the person is told (BUD-14)

    def _notified(self, e: notifying.PersonNotified, rows: Rows) -> None:
        self._done(rows, e, notice_item(e.notice))

    def _copied(self, e: notifying.CopyProvided, rows: Rows) -> None:
        self._copy_done(rows, e, e.copy)
        if e.advocate_notice is not None:
            self._notice(rows, e, e.advocate_notice)

    def _copy_done(self, rows: Rows, e: Any, copy: Any) -> None:
        self._done(rows, e, f"copy:{copy_key(copy)}")

    def _reviewed(self, e: reviewing.ReviewCompleted, rows: Rows) -> None:
        rows.put(PLAN_FACTS, {**self._facts(rows, e),
                              "next_review_on": e.next_review_on.isoformat()})  # fmt: skip

    def _safeguarding(self, e: lifecycle.SafeguardingDecided, rows: Rows) -> None:
        if e.option in lifecycle.PAUSING:
            facts = self._facts(rows, e)
            self._move(rows, e, "paused", paused_from=facts["open_state"])

    def _resumed(self, e: lifecycle.PlanResumed, rows: Rows) -> None:
        self._move(rows, e, str(self._facts(rows, e)["paused_from"] or "") or None)

    def _ended(self, e: lifecycle.PlanEnded, rows: Rows) -> None:
        self._move(rows, e, None, status="ended", ended=1)


def notice_item(notice: Notice) -> str:
    return f"notice:{notice_key(notice)}"
