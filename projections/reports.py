"""Reports from the plan facts: timeliness (CONS-3), compliance (COMP-1, CNT-5, REV-2,
SHR-5, RET-3, NOT-1, NOT-2) and consistency across comparable needs (CONS-1).

Comparable needs profile (CONS-1): plans of the same kind (care and support, or carer's
support), in the same setting (``care_home`` when any costed line is residential or
nursing care, else ``community``), meeting a similar number of eligible needs (``1``,
``2-3`` or ``4+`` needs that are eligible and met by the authority).

Outlier rule (CONS-1): within a profile of at least four signed-off plans, a final weekly
budget below the first quartile less one and a half times the interquartile range, or
above the third quartile plus it (Tukey's fences), is flagged, with a link to the plan's
history so the decision can be read and explained.
"""

import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from projections.rows import Row, utc_iso

STATES = ("drafting", "awaiting_sign_off", "information_requested", "returned")
ADVERSE = ("returned", "amendment_refused", "share_declined", "challenge_unresolved")
MIN_PROFILE = 4


@dataclass(frozen=True)
class Filters:
    since: date | None = None
    until: date | None = None
    team: str | None = None
    practitioner: str | None = None

    def who(self, row: Row) -> bool:
        """The row's team and practitioner are those asked for (if any)."""
        if self.team and row.get("team") != self.team:
            return False
        return not (self.practitioner and row.get("practitioner") != self.practitioner)

    def admits(self, row: Row, at: str | None) -> bool:
        if not self.who(row):
            return False
        day = _day(at)
        if self.since and (day is None or day < self.since):
            return False
        return not (self.until and (day is None or day > self.until))


def _day(at: str | int | None) -> date | None:
    return datetime.fromisoformat(str(at)).date() if at else None


def _days(start: str, end: str) -> float:
    return (datetime.fromisoformat(end) - datetime.fromisoformat(start)).total_seconds() / 86400


def summary(values: list[float]) -> dict[str, Any]:
    ordered = sorted(values)
    if not ordered:
        return {"count": 0, "median": None, "p90": None, "worst": None}
    p90 = ordered[min(len(ordered) - 1, max(0, -(-9 * len(ordered) // 10) - 1))]
    return {"count": len(ordered), "median": round(statistics.median(ordered), 2),
            "p90": round(p90, 2), "worst": round(ordered[-1], 2)}  # fmt: skip


def timeliness(facts: list[Row], spans: list[Row], filters: Filters, now: datetime
               ) -> dict[str, Any]:  # fmt: skip
    """Days each plan spent drafting, awaiting sign-off, returned and waiting for
    information on its way to its first sign-off, and from start to first sign-off (plans
    first signed off in the period; later amendments are not counted)."""
    first_sign_off = {str(f["plan_id"]): str(f["first_signed_off_at"]) for f in facts
                      if f["first_signed_off_at"]}  # fmt: skip
    in_state: dict[str, dict[str, float]] = defaultdict(lambda: dict.fromkeys(STATES, 0.0))
    for span in spans:
        state, plan_id = str(span["state"]), str(span["plan_id"])
        signed = first_sign_off.get(plan_id)
        if state not in STATES or signed is None or str(span["entered_at"]) >= signed:
            continue
        left = min(str(span["left_at"] or utc_iso(now)), signed)
        in_state[plan_id][state] += _days(str(span["entered_at"]), left)
    plans = []
    for f in facts:
        if not f["first_signed_off_at"] or not filters.admits(f, str(f["first_signed_off_at"])):
            continue
        days = in_state[str(f["plan_id"])]
        plans.append({
            "plan_id": f["plan_id"], "team": f["team"], "practitioner": f["practitioner"],
            "signer": f["first_signer"], **{s: round(days[s], 2) for s in STATES},
            "end_to_end": round(_days(str(f["started_at"]), str(f["first_signed_off_at"])), 2),
        })  # fmt: skip
    measures = (*STATES, "end_to_end")
    return {
        "plans": plans,
        "by_team": _grouped(plans, "team", measures),
        "by_signer": _grouped(plans, "signer", measures),
    }


def _grouped(plans: list[dict[str, Any]], key: str, measures: Iterable[str]
             ) -> dict[str, dict[str, Any]]:  # fmt: skip
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for plan in plans:
        groups[str(plan[key])].append(plan)
    return {
        group: {m: summary([float(p[m]) for p in members]) for m in measures}
        for group, members in sorted(groups.items())
    }


def compliance(facts: list[Row], decisions: list[Row], dues: list[Row], filters: Filters,
               today: date, within_days: int) -> dict[str, Any]:  # fmt: skip
    adverse = [
        d for d in decisions if d["kind"] in ADVERSE and filters.admits(d, str(d["decided_at"]))
    ]
    told = {(d["plan_id"], d["item"]) for d in dues if d["kind"] == "notice" and d["done_at"]}
    overdue = [f for f in facts if f["status"] in ("signed_off", "amending") and not f["ended"]
               and f["next_review_on"] and date.fromisoformat(str(f["next_review_on"])) < today
               and filters.who(f)]  # fmt: skip
    shares = [d for d in decisions if d["kind"] in ("shared", "share_declined")
              and filters.admits(d, str(d["decided_at"]))]  # fmt: skip
    by_basis: dict[str, int] = defaultdict(int)
    for share in shares:
        by_basis[str(share["basis"])] += 1
    late = []
    for due in dues:
        if not filters.admits(due, str(due["since"])):
            continue
        finished = _day(due["done_at"]) or today
        waited = (finished - (_day(due["since"]) or today)).days
        if waited > within_days:
            late.append({**due, "days": waited, "done": due["done_at"] is not None})
    signed = [f for f in facts if f["first_signed_off_at"]
              and filters.admits(f, str(f["first_signed_off_at"]))]  # fmt: skip
    return {
        "adverse_without_right_to_complain": [d for d in adverse if not d["right_to_complain"]],
        "adverse_not_yet_told": [d for d in adverse if (d["plan_id"], d["notice"]) not in told],
        "above_indicative": [
            {"plan_id": f["plan_id"], "team": f["team"], "signer": f["signer"],
             "indicative_weekly": f["indicative_weekly"], "final_weekly": f["final_weekly"],
             "justified": bool(f["justified"])}
            for f in signed if f["above_indicative"]
        ],
        "reviews_overdue": [
            {"plan_id": f["plan_id"], "team": f["team"], "practitioner": f["practitioner"],
             "next_review_on": f["next_review_on"]}
            for f in overdue
        ],
        "sharing_by_basis": dict(sorted(by_basis.items())),
        "declined_shares": [
            {"plan_id": d["plan_id"], "decided_at": d["decided_at"], "decided_by": d["decided_by"],
             "line_manager": d["line_manager"], "reasons": d["detail"]}
            for d in shares if d["kind"] == "share_declined"
        ],
        "late_notifications_and_copies": late,
        "within_days": within_days,
    }  # fmt: skip


def band(eligible_needs: int) -> str:
    return "1" if eligible_needs <= 1 else "2-3" if eligible_needs <= 3 else "4+"


def profile_of(fact: Row) -> str:
    return (
        f"{fact['kind']}/{fact['setting'] or 'community'}/{band(int(fact['eligible_needs'] or 0))}"
    )


def consistency(facts: list[Row], filters: Filters) -> dict[str, Any]:
    signed = [f for f in facts if f["first_signed_off_at"] and f["final_weekly"]
              and filters.admits(f, str(f["first_signed_off_at"]))]  # fmt: skip
    profiles: dict[str, list[Row]] = defaultdict(list)
    for fact in signed:
        profiles[profile_of(fact)].append(fact)
    report = []
    flagged = []
    for name, members in sorted(profiles.items()):
        budgets = sorted(Decimal(str(m["final_weekly"])) for m in members)
        entry: dict[str, Any] = {"profile": name, **_spread(budgets),
                                 "by_signer": _outcomes(members, "signer"),
                                 "by_team": _outcomes(members, "team")}  # fmt: skip
        if len(budgets) >= MIN_PROFILE:
            q1, _, q3 = statistics.quantiles(budgets, n=4, method="inclusive")
            low, high = q1 - Decimal("1.5") * (q3 - q1), q3 + Decimal("1.5") * (q3 - q1)
            entry["fences"] = {"low": str(low), "high": str(high)}
            flagged += [
                {"plan_id": m["plan_id"], "profile": name, "final_weekly": m["final_weekly"],
                 "signer": m["signer"], "team": m["team"],
                 "why": f"£{m['final_weekly']} a week is outside £{low:.2f} to £{high:.2f}",
                 "history": f"/plans/{m['plan_id']}/history"}
                for m in members if not low <= Decimal(str(m["final_weekly"])) <= high
            ]  # fmt: skip
        report.append(entry)
    return {
        "profiles": report,
        "outliers": flagged,
        "rule": "Tukey's fences within profiles of at least four signed-off plans",
    }


def _spread(budgets: list[Decimal]) -> dict[str, Any]:
    if not budgets:
        return {"count": 0}
    quartiles = (
        statistics.quantiles(budgets, n=4, method="inclusive") if len(budgets) > 1
        else [budgets[0]] * 3
    )  # fmt: skip
    return {"count": len(budgets), "median": str(statistics.median(budgets)),
            "q1": str(quartiles[0]), "q3": str(quartiles[2]),
            "min": str(budgets[0]), "max": str(budgets[-1])}  # fmt: skip


def _outcomes(members: list[Row], key: str) -> dict[str, dict[str, Any]]:
    groups: dict[str, list[Row]] = defaultdict(list)
    for m in members:
        groups[str(m[key])].append(m)

    def median(ms: list[Row]) -> str:
        return str(statistics.median(Decimal(str(m["final_weekly"])) for m in ms))

    return {
        group: {"count": len(ms), "median_weekly": median(ms),
                "returned_rate": round(sum(1 for m in ms if m["returns"]) / len(ms), 2),
                "average_rounds": round(sum(int(m["rounds"] or 0) for m in ms) / len(ms), 2)}
        for group, ms in sorted(groups.items())
    }  # fmt: skip


def table_of(report: str, body: dict[str, Any]) -> list[dict[str, Any]]:
    """A report as one flat table, for CSV: a row per plan (timeliness, consistency) or
    per finding (compliance)."""
    if report == "timeliness":
        return list(body["plans"])
    if report == "consistency":
        profiles = [
            {"row": "profile", "profile": p["profile"], "count": p["count"],
             "median": p.get("median"), "q1": p.get("q1"), "q3": p.get("q3"),
             "min": p.get("min"), "max": p.get("max"), **p.get("fences", {})}
            for p in body["profiles"]
        ]  # fmt: skip
        return profiles + [{"row": "outlier", **o} for o in body["outliers"]]
    findings: list[dict[str, Any]] = []
    for kind in ("adverse_without_right_to_complain", "adverse_not_yet_told",
                 "above_indicative", "reviews_overdue", "declined_shares",
                 "late_notifications_and_copies"):  # fmt: skip
        for item in body[kind]:
            detail = "; ".join(f"{k}={v}" for k, v in item.items() if k not in ("plan_id", "team"))
            findings.append({"finding": kind, "plan_id": item.get("plan_id"),
                             "team": item.get("team"), "detail": detail})  # fmt: skip
    return findings
