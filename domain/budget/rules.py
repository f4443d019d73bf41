"""Personal-budget rules: amounts, what sits beside the budget, and the final split."""

from datetime import timedelta
from decimal import Decimal

from domain.budget import BesideKind, Costing, LineCategory
from domain.deciding import Reduction
from domain.errors import Failure
from domain.kinds import PlanBasis, PlanKind
from domain.money import has_at_most_pence
from domain.rules.text import blank


def amount_failures(amount: Decimal, field: str, obligation: str) -> list[Failure]:
    """An amount of money: finite, not negative, whole pence."""
    if not amount.is_finite():
        return [Failure(obligation, field, "must be a number of pounds")]
    if amount < 0:
        return [Failure(obligation, field, f"£{amount} is negative")]
    if not has_at_most_pence(amount):
        return [Failure(obligation, field, f"£{amount} has a fraction of a penny")]
    return []


def indicative_failures(
    weekly_amount: Decimal, cost_assumptions: tuple[str, ...], shared_how: str
) -> list[Failure]:
    """BUD-2: the indicative budget is shared with how it was calculated."""
    failures = amount_failures(weekly_amount, "weekly_amount", "BUD-2")
    if not any(not blank(a) for a in cost_assumptions):
        failures.append(
            Failure("BUD-2", "cost_assumptions", "the cost assumptions behind it are missing")
        )
    if blank(shared_how):
        failures.append(
            Failure("BUD-2", "shared_how", "how it was shared with the person is missing")
        )
    return failures


def costing_failures(
    costing: Costing,
    basis: PlanBasis,
    need_refs: frozenset[str],
    charges_for_equipment: bool = False,
) -> list[Failure]:
    """Checks on every costing recorded with a draft, complete or not."""
    failures = _equipment_failures(costing, charges_for_equipment)
    for i, item in enumerate(costing.line_items):
        field = f"costing.line_items[{i}]"
        if blank(item.service):
            failures.append(Failure("BUD-16", f"{field}.service", "must name the service"))
        failures += amount_failures(item.unit_cost, f"{field}.unit_cost", "BUD-16")
        if not item.units.is_finite() or item.units < 0:
            failures.append(Failure("BUD-16", f"{field}.units", "must not be negative"))
        failures += [
            Failure("BUD-16", f"{field}.need_refs", f"no need has the ref {ref!r}")
            for ref in item.need_refs
            if ref not in need_refs
        ]
    for name in ("authority_managed", "direct_payment", "individual_service_fund"):
        failures += amount_failures(getattr(costing.split, name), f"costing.split.{name}", "BUD-11")
    for i, beside in enumerate(costing.beside_budget):
        failures += _beside_failures(beside.kind, i, costing, basis)
    if costing.direct_payment is not None:
        failures += [
            Failure("DP-5", "costing.direct_payment.need_refs", f"no need has the ref {ref!r}")
            for ref in costing.direct_payment.need_refs
            if ref not in need_refs
        ]
    return failures


def _beside_failures(kind: BesideKind, i: int, costing: Costing, basis: PlanBasis) -> list[Failure]:
    beside = costing.beside_budget[i]
    field = f"costing.beside_budget[{i}]"
    failures = amount_failures(beside.weekly_amount, f"{field}.weekly_amount", "BUD-6")
    if blank(beside.description):
        failures.append(Failure("BUD-6", f"{field}.description", "must say what it pays for"))
    if blank(beside.paid_by):
        failures.append(Failure("BUD-6", f"{field}.paid_by", "must say who pays it"))
    if kind is BesideKind.ARRANGEMENT_FEE and basis is not PlanBasis.SELF_FUNDER_REQUEST:
        failures.append(
            Failure("BUD-7", f"{field}.kind", "an arrangement fee applies only to a self-funder")
        )
    if kind is BesideKind.FREE_REABLEMENT and not beside.duration_weeks:
        failures.append(
            Failure(
                "BUD-8",
                f"{field}.duration_weeks",
                "free reablement must say how many weeks it lasts",
            )
        )
    return failures


def contributions_failures(
    person: Decimal, authority: Decimal, cost: Decimal, kind: PlanKind, basis: PlanBasis
) -> list[Failure]:
    """BUD-3/4/5/9: who pays what of the final budget, which is the draft's cost."""
    failures = amount_failures(person, "contributions.person", "BUD-3")
    failures += amount_failures(authority, "contributions.authority", "BUD-3")
    if failures:
        return failures
    if person + authority != cost:
        failures.append(
            Failure(
                "BUD-5",
                "contributions",
                f"the person's £{person} and the authority's £{authority} make "
                f"£{person + authority}; the final budget is the cost of the draft plan, "
                f"£{cost}",
            )
        )
    if kind is PlanKind.CARER_SUPPORT and person != 0:
        failures.append(
            Failure("BUD-4", "contributions.person", "a carer's contribution is always zero")
        )
    if basis is PlanBasis.SELF_FUNDER_REQUEST and authority != 0:
        failures.append(
            Failure(
                "BUD-9",
                "contributions.authority",
                "a self-funder's plan has no authority contribution",
            )
        )
    return failures


def replacement_care_failures(costing: Costing, kind: PlanKind) -> list[Failure]:
    """BUD-10: care given to the cared-for person to meet a carer's need is costed only on
    the cared-for person's plan; the carer is never charged for it."""
    if kind is not PlanKind.CARER_SUPPORT:
        return []
    return [
        Failure(
            "BUD-10",
            f"costing.line_items[{i}]",
            "replacement care for the cared-for person is costed on their plan, not the "
            "carer's; describe it in draft.replacement_care",
        )
        for i, item in enumerate(costing.line_items)
        if item.category is LineCategory.REPLACEMENT_CARE
    ]


def reduction_failures(
    previous: Decimal,
    new: Decimal,
    reduction: Reduction | None,
    reviewed_since_sign_off: bool,
    notice_weeks: int,
) -> list[Failure]:
    """BUD-15: a signed-off budget goes down only after a review, with a written
    explanation and notice before it takes effect."""
    if new >= previous:
        return []
    failures = []
    if not reviewed_since_sign_off:
        failures.append(
            Failure(
                "BUD-15",
                "reduction",
                f"the budget falls from £{previous} to £{new}: complete a review or "
                "reassessment first",
            )
        )
    if reduction is None:
        failures.append(
            Failure(
                "BUD-15",
                "reduction",
                f"the budget falls from £{previous} to £{new}: explain how the lower amount "
                f"still meets eligible needs and give {notice_weeks} weeks' notice",
            )
        )
        return failures
    if blank(reduction.explanation):
        failures.append(Failure("BUD-15", "reduction.explanation", "must not be blank"))
    earliest = reduction.notice_given_on + timedelta(weeks=notice_weeks)
    if reduction.takes_effect_on < earliest:
        failures.append(
            Failure(
                "BUD-15",
                "reduction.takes_effect_on",
                f"notice given on {reduction.notice_given_on} allows the reduction from "
                f"{earliest} at the earliest ({notice_weeks} weeks)",
            )
        )
    return failures


EQUIPMENT_CHARGE_THRESHOLD = Decimal("1000.00")


def _equipment_failures(costing: Costing, charges_for_equipment: bool) -> list[Failure]:
    """CNT-7: equipment and works under the duty appear with the date provided, at no cost
    unless an item costs over £1,000 and local policy charges for such items."""
    failures = []
    for i, item in enumerate(costing.line_items):
        if item.category is not LineCategory.EQUIPMENT:
            continue
        field = f"costing.line_items[{i}]"
        if item.provided_on is None:
            failures.append(Failure("CNT-7", f"{field}.provided_on", "say when it was provided"))
        chargeable = charges_for_equipment and item.unit_cost > EQUIPMENT_CHARGE_THRESHOLD
        if item.unit_cost != 0 and not chargeable:
            failures.append(
                Failure(
                    "CNT-7",
                    f"{field}.unit_cost",
                    "equipment provided under the duty costs nothing, unless an item costs "
                    "over £1,000 and local policy charges for it",
                )
            )
    return failures
