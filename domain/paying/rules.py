"""Who a direct payment may pay (DP-6), the care-home stays it may buy (DP-7), and when it
is paid and reviewed (DP-8, REV-4)."""

from collections.abc import Iterable
from datetime import date, timedelta

from domain.budget import (
    Costing,
    DirectPaymentPayee,
    LineItem,
    ManagementMethod,
    PayeeRelationship,
    ProviderType,
)
from domain.calendar import add_months
from domain.deciding import CheckOutcome
from domain.errors import Failure
from domain.money import Frequency
from domain.paying import CareHomeStay, PayeeNecessity
from domain.reviewing.rules import REVIEW_MONTHS
from domain.rules.text import blank

MAX_CONSECUTIVE_DAYS = 28  # four weeks
STAYS_APART_COUNT_AS_ONE = timedelta(days=28)


def payee_failures(
    payees: Iterable[DirectPaymentPayee], necessity: Iterable[PayeeNecessity]
) -> list[Failure]:
    """DP-6: never a spouse or partner, nor a close relative in the same household,
    unless the authority has recorded that paying them is necessary."""
    necessary = {n.payee_ref for n in necessity}
    failures = []
    for i, payee in enumerate(payees):
        field = f"costing.direct_payment.payees[{i}]"
        if payee.ref in necessary:
            continue
        if payee.relationship is PayeeRelationship.SPOUSE_OR_PARTNER:
            failures.append(
                Failure("DP-6", field, "a spouse or partner may not be paid, wherever they live, "
                        "unless a decision that it is necessary is recorded")
            )  # fmt: skip
        elif payee.relationship is PayeeRelationship.CLOSE_RELATIVE:
            if payee.same_household is None:
                failures.append(
                    Failure("DP-6", f"{field}.same_household",
                            "it must be established whether this close relative lives in the "
                            "same household")
                )  # fmt: skip
            elif payee.same_household:
                failures.append(
                    Failure("DP-6", field, "a close relative in the same household may not be "
                            "paid unless a decision that it is necessary is recorded")
                )  # fmt: skip
    return failures


CARE_HOMES = frozenset({ProviderType.RESIDENTIAL_CARE, ProviderType.NURSING_CARE})


def paid_by_direct_payment(costing: Costing) -> tuple[LineItem, ...]:
    """The lines a direct payment pays: every line when the whole budget is a direct
    payment, otherwise those meeting the needs the direct payment is for (DP-5)."""
    if not costing.split.includes_direct_payment:
        return ()
    if costing.split.method is ManagementMethod.DIRECT_PAYMENT:
        return costing.line_items
    needs = set(costing.direct_payment.need_refs) if costing.direct_payment else set()
    return tuple(line for line in costing.line_items if needs & set(line.need_refs))


def care_home_costing_failures(costing: Costing, check: CheckOutcome) -> list[Failure]:
    """DP-7, DP-1: a direct payment whose own costing buys care-home care week in, week
    out, buys more than four weeks of it in a year, whatever the check recorded says."""
    if check is CheckOutcome.NOT_MET:
        return []  # refused by the check itself (DP-1)
    lines = [
        line.service
        for line in paid_by_direct_payment(costing)
        if line.provider_type in CARE_HOMES and line.frequency is not Frequency.ANNUALLY
    ]
    if not lines:
        return []
    return [
        Failure(
            "DP-7",
            "direct_payment.checks.care_home_within_four_weeks",
            "the direct payment pays for care-home care all year round ("
            + ", ".join(lines)
            + "); it may buy no more than four consecutive weeks in a year",
        )
    ]


def care_home_failures(stays: Iterable[CareHomeStay]) -> list[Failure]:
    """DP-7: a direct payment buys at most four consecutive weeks of care-home care; stays
    less than four weeks apart count as one."""
    funded = sorted((s for s in stays if s.funded_by_direct_payment), key=lambda s: s.starts_on)
    failures = [
        Failure("DP-7", "stay.ends_on", "a stay cannot end before it starts")
        for s in funded
        if s.ends_on < s.starts_on
    ]
    if failures:
        return failures
    run_days, last_end = 0, None
    for stay in funded:
        joined = last_end is not None and stay.starts_on - last_end < STAYS_APART_COUNT_AS_ONE
        run_days = run_days + stay.days if joined else stay.days
        last_end = max(last_end, stay.ends_on) if joined and last_end else stay.ends_on
        if run_days > MAX_CONSECUTIVE_DAYS:
            return [
                Failure(
                    "DP-7",
                    "stay",
                    f"care-home stays paid by direct payment would come to {run_days} days "
                    "counted together; no more than four consecutive weeks are allowed",
                )
            ]
    return []


# Payees whose payment the authority must first record as necessary (DP-6).
NEEDS_NECESSITY = frozenset({PayeeRelationship.SPOUSE_OR_PARTNER, PayeeRelationship.CLOSE_RELATIVE})


def necessity_failures(
    necessity: PayeeNecessity, payee: DirectPaymentPayee | None
) -> list[Failure]:
    """DP-6: necessity is recorded for a partner or close relative the proposed direct
    payment pays, with its explanation and who decided."""
    failures = []
    if payee is None:
        failures.append(
            Failure("DP-6", "necessity.payee_ref", "no such payee in the proposed direct payment")
        )
    elif payee.relationship not in NEEDS_NECESSITY:
        failures.append(
            Failure("DP-6", "necessity.payee_ref", "only a partner or close relative needs this")
        )
    failures += [
        Failure("DP-6", f"necessity.{name}", "must not be blank")
        for name in ("explanation", "decided_by")
        if blank(getattr(necessity, name))
    ]
    return failures


def first_payment_failures(
    direct_payment_agreed: bool, first_paid_on: date | None
) -> list[Failure]:
    """DP-8: the first payment, from which reviews are counted, is of a direct payment the
    plan in force agreed, and is recorded once."""
    failures = []
    if not direct_payment_agreed:
        failures.append(Failure("DP-8", "first_paid_on", "the plan in force has no direct payment"))
    if first_paid_on is not None:
        failures.append(Failure("DP-8", "first_paid_on", "the first payment is already recorded"))
    return failures


def payment_review_failures(first_paid_on: date | None, summary: str) -> list[Failure]:
    """DP-8: a direct payment is reviewed once it is paid, and the review says what it
    found."""
    failures = []
    if first_paid_on is None:
        failures.append(Failure("DP-8", "summary", "no direct payment has been made yet"))
    if blank(summary):
        failures.append(Failure("DP-8", "summary", "must not be blank"))
    return failures


FIRST_DIRECT_PAYMENT_REVIEW_MONTHS = 6


def direct_payment_review_due(from_day: date, first: bool, condition_months: int | None) -> date:
    """DP-8: within six months of the first payment, then at least every twelve; a
    more-frequent-reviews condition (DP-2, REV-4) shortens either."""
    months = FIRST_DIRECT_PAYMENT_REVIEW_MONTHS if first else REVIEW_MONTHS
    if condition_months is not None:
        months = min(months, condition_months)
    return add_months(from_day, months)
