"""Work queues: what is waiting for whom, oldest first. Awaiting sign-off (by the level of
authority a plan needs, the panel's apart), information requested, returned, people to
tell and copies to give (RET-3, NOT-1, NOT-2), share and amendment requests, reviews due
(REV-1, REV-2) and direct-payment reviews due (DP-8)."""

from typing import Any

from domain.amending import decisions as amending
from domain.budget_after import decisions as budget_after
from domain.deciding import decisions as deciding
from domain.drafting import decisions as drafting
from domain.kinds import PlanStatus
from domain.lifecycle import decisions as lifecycle
from domain.notifying import CopyDue, Notice
from domain.notifying import decisions as notifying
from domain.paying import decisions as paying
from domain.personal_data import erasing
from domain.plan import starting
from domain.policy import DelegationScheme
from domain.reviewing import decisions as reviewing
from domain.sharing import decisions as sharing
from projections.erasure import erase_columns, erase_copy_keys
from projections.notice_keys import copy_key, notice_key
from projections.rows import ByEventClass, Row, Rows, Table, utc_iso

PLANS = Table("plans", ("plan_id", "kind", "team", "practitioner", "submitted_at", "level",
                        "panel"), ("plan_id",), frozenset({"panel"}))  # fmt: skip
ITEMS = Table(
    "items",
    ("queue", "plan_id", "item", "since", "due", "team", "practitioner", "level", "detail"),
    ("queue", "plan_id", "item"),
    indexes=(("queue", "since"), ("queue", "due"), ("plan_id",)),
)

QUEUES = (
    "awaiting-sign-off",
    "awaiting-panel",
    "information-requested",
    "returned",
    "notifications",
    "copies",
    "share-requests",
    "amendment-requests",
    "reviews",
    "direct-payment-reviews",
)


UNPLANNED = "unplanned"  # the reviews queue's item for requests outside the schedule


class WorkQueues(ByEventClass):
    name = "work_queues"
    rules_version = 2  # 2: unplanned review requests are in the reviews queue
    tables: tuple[Table, ...] = (PLANS, ITEMS)

    def __init__(self, scheme: DelegationScheme) -> None:
        self.scheme = scheme
        self.handle(
            {
                starting.Started: self._started,
                drafting.Submitted: self._submitted,
                deciding.InformationRequested: self._information_requested,
                deciding.InformationProvided: self._information_provided,
                deciding.Returned: self._returned,
                deciding.SignedOff: self._signed_off,
                notifying.PersonNotified: self._notified,
                notifying.CopyProvided: self._copy_provided,
                sharing.ShareRequested: self._share_requested,
                sharing.PlanShared: self._shared,
                sharing.ShareDeclined: self._share_declined,
                amending.AmendmentRequested: self._amendment_requested,
                amending.AmendmentAgreed: self._amendment_decided,
                amending.AmendmentRefused: self._amendment_decided,
                reviewing.UnplannedReviewRequested: self._review_requested,
                reviewing.ReviewCompleted: self._reviewed,
                paying.DirectPaymentStarted: self._payment_review,
                paying.DirectPaymentReviewed: self._payment_review,
                budget_after.ChallengeAnswered: self._challenge_answered,
                lifecycle.SafeguardingDecided: self._safeguarding,
                lifecycle.PlanResumed: self._resumed,
                lifecycle.PlanEnded: self._ended,
                erasing.Recorded: self._erased,
            }
        )

    def _erased(self, e: erasing.Recorded, rows: Rows) -> None:
        """An erased person's plans (KEEP-2): the details that could name them, erased."""
        plans = [str(s) for s in e.streams]
        erase_columns(rows, ITEMS, "plan_id", plans, ("detail",))
        erase_copy_keys(rows, ITEMS, plans)

    # --- helpers ------------------------------------------------------------------------

    def _plan(self, rows: Rows, plan_id: str) -> Row:
        row = rows.get(PLANS, (plan_id,))
        assert row is not None, f"no plan {plan_id} in the queues"
        return row

    def _add(self, rows: Rows, queue: str, event: Any, item: str, *, since: str | None = None,
             due: str = "", practitioner: str | None = None, detail: str = "") -> None:  # fmt: skip
        plan_id = str(event.originator_id)
        plan = self._plan(rows, plan_id)
        rows.put(ITEMS, {
            "queue": queue, "plan_id": plan_id, "item": item,
            "since": since or utc_iso(event.occurred_at), "due": due, "team": plan["team"],
            "practitioner": practitioner or plan["practitioner"], "level": plan["level"],
            "detail": detail,
        })  # fmt: skip

    def _remove(self, rows: Rows, queue: str, event: Any, item: str = "") -> None:
        rows.delete(ITEMS, (queue, str(event.originator_id), item))

    def _notice(self, rows: Rows, event: Any, notice: Notice) -> None:
        complain = " with the right to complain" if notice.right_to_complain else ""
        detail = f"{notice.decision} to the {notice.recipient.value}{complain}"
        self._add(rows, "notifications", event, notice_key(notice), detail=detail)

    def _copies_due(self, rows: Rows, event: Any, due: tuple[CopyDue, ...]) -> None:
        plan_id = str(event.originator_id)
        for row in rows.select(ITEMS, queue="copies", plan_id=plan_id):
            rows.delete(ITEMS, ("copies", plan_id, row["item"]))
        for copy in due:
            self._add(
                rows,
                "copies",
                event,
                copy_key(copy),
                detail=f"{copy.recipient.value} {copy.recipient_ref} ({copy.obligation})",
            )

    # --- handlers -----------------------------------------------------------------------

    def _started(self, e: starting.Started, rows: Rows) -> None:
        rows.put(PLANS, {"plan_id": str(e.originator_id), "kind": e.kind.value, "team": e.team,
                         "practitioner": e.actor.id, "submitted_at": None, "level": None,
                         "panel": 0})  # fmt: skip

    def _submitted(self, e: drafting.Submitted, rows: Rows) -> None:
        plan = self._plan(rows, str(e.originator_id))
        level = self.scheme.required_for(e.proposed_weekly)
        rows.put(PLANS, {**plan, "practitioner": e.actor.id, "submitted_at": utc_iso(e.occurred_at),
                         "level": level.name, "panel": int(level.panel)})  # fmt: skip
        self._remove(rows, "returned", e)
        self._awaiting(e, rows)

    def _awaiting(self, e: Any, rows: Rows) -> None:
        plan = self._plan(rows, str(e.originator_id))
        queue = "awaiting-panel" if plan["panel"] else "awaiting-sign-off"
        self._add(rows, queue, e, "", since=str(plan["submitted_at"]),
                  detail=f"needs {plan['level']}")  # fmt: skip

    def _not_awaiting(self, e: Any, rows: Rows) -> None:
        self._remove(rows, "awaiting-sign-off", e)
        self._remove(rows, "awaiting-panel", e)

    def _information_requested(self, e: deciding.InformationRequested, rows: Rows) -> None:
        self._not_awaiting(e, rows)
        self._add(rows, "information-requested", e, "",
                  detail=f"{len(e.questions)} question(s) from {e.actor.id}")  # fmt: skip

    def _information_provided(self, e: deciding.InformationProvided, rows: Rows) -> None:
        self._remove(rows, "information-requested", e)
        self._awaiting(e, rows)

    def _returned(self, e: deciding.Returned, rows: Rows) -> None:
        self._not_awaiting(e, rows)
        self._add(rows, "returned", e, "", practitioner=e.returned_to,
                  detail=", ".join(r.value for r in e.reasons))  # fmt: skip
        self._notice(rows, e, e.notice)

    def _signed_off(self, e: deciding.SignedOff, rows: Rows) -> None:
        self._not_awaiting(e, rows)
        self._notice(rows, e, e.notice)
        self._copies_due(rows, e, e.copies_due)
        self._add(rows, "reviews", e, "", due=e.first_review_on.isoformat(),
                  detail="first review (REV-1)")  # fmt: skip

    def _notified(self, e: notifying.PersonNotified, rows: Rows) -> None:
        self._remove(rows, "notifications", e, notice_key(e.notice))

    def _copy_provided(self, e: notifying.CopyProvided, rows: Rows) -> None:
        c = e.copy
        self._remove(rows, "copies", e, copy_key(c))
        if e.advocate_notice is not None:
            self._notice(rows, e, e.advocate_notice)

    def _share_requested(self, e: sharing.ShareRequested, rows: Rows) -> None:
        r = e.request
        self._add(rows, "share-requests", e, r.ref,
                  detail=f"to {r.recipient.value} {r.recipient_ref}, asked by "
                  f"{r.requested_by.value}")  # fmt: skip

    def _shared(self, e: sharing.PlanShared, rows: Rows) -> None:
        self._remove(rows, "share-requests", e, e.request.ref)
        c = e.copy
        self._remove(rows, "copies", e, copy_key(c))

    def _share_declined(self, e: sharing.ShareDeclined, rows: Rows) -> None:
        self._remove(rows, "share-requests", e, e.request.ref)
        if e.notice is not None:
            self._notice(rows, e, e.notice)

    def _amendment_requested(self, e: amending.AmendmentRequested, rows: Rows) -> None:
        self._add(rows, "amendment-requests", e, e.request.ref,
                  detail=f"asked by {e.request.requested_by.value}")  # fmt: skip

    def _amendment_decided(self, e: Any, rows: Rows) -> None:
        self._remove(rows, "amendment-requests", e, e.request.ref)
        if isinstance(e, amending.AmendmentRefused):
            self._notice(rows, e, e.notice)

    def _review_requested(self, e: reviewing.UnplannedReviewRequested, rows: Rows) -> None:
        # asked for outside the schedule: due at once, beside the scheduled one (REV-3);
        # a further request while one waits keeps the first's age
        if rows.get(ITEMS, ("reviews", str(e.originator_id), UNPLANNED)) is not None:
            return
        self._add(rows, "reviews", e, UNPLANNED, due=e.occurred_at.date().isoformat(),
                  detail=f"unplanned review asked for: {e.reason.value} (REV-3)")  # fmt: skip

    def _reviewed(self, e: reviewing.ReviewCompleted, rows: Rows) -> None:
        self._remove(rows, "reviews", e, UNPLANNED)  # a review answers every request (REV-3)
        self._add(rows, "reviews", e, "", due=e.next_review_on.isoformat(),
                  detail="review (REV-2)")  # fmt: skip

    def _payment_review(self, e: Any, rows: Rows) -> None:
        due = e.review_due_on if isinstance(e, paying.DirectPaymentStarted) else e.next_due_on
        self._add(rows, "direct-payment-reviews", e, "", due=due.isoformat(),
                  detail="direct-payment review (DP-8)")  # fmt: skip

    def _challenge_answered(self, e: budget_after.ChallengeAnswered, rows: Rows) -> None:
        self._notice(rows, e, e.notice)  # upheld or not, the person is told (BUD-14)

    def _safeguarding(self, e: lifecycle.SafeguardingDecided, rows: Rows) -> None:
        if e.option in lifecycle.PAUSING:  # no sign-off while paused (LIFE-2)
            self._not_awaiting(e, rows)

    def _resumed(self, e: lifecycle.PlanResumed, rows: Rows) -> None:
        if e.resumed_to is PlanStatus.SUBMITTED:
            self._awaiting(e, rows)

    def _ended(self, e: lifecycle.PlanEnded, rows: Rows) -> None:
        for row in rows.select(ITEMS, plan_id=str(e.originator_id)):
            if row["queue"] not in ("notifications", "copies"):  # people are still owed those
                rows.delete(ITEMS, ITEMS.key_of(row))
