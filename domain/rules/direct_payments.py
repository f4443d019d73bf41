"""Who a direct payment may pay (DP-6) and care-home stays it may buy (DP-7)."""

from collections.abc import Iterable
from datetime import timedelta

from domain.costing import DirectPaymentPayee, PayeeRelationship
from domain.direct_payments import CareHomeStay, PayeeNecessity
from domain.errors import Failure

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
