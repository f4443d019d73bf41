"""What a draft records (CNT-1..6, SIGN-8), and what it must say before it is submitted
for sign-off (CNT-1..5, KIND-2, LIFE-4, RET-4)."""

from decimal import Decimal

from domain.budget import Costing, LineCategory
from domain.drafting import ContingencyEntry, Draft, Justification, NeedMetBy, PreparedBy, Timeframe
from domain.errors import Failure
from domain.kinds import PlanBasis
from domain.rules.text import blank, repeated


def start_failures(person_ref: str, team: str) -> list[Failure]:
    """KIND-1: a plan is started for a named person, by a named team."""
    given = {"person_ref": person_ref, "team": team}
    return [
        Failure("KIND-1", name, "must not be blank") for name, text in given.items() if blank(text)
    ]


def draft_failures(draft: Draft, prepared_by: PreparedBy) -> list[Failure]:
    """Checks that hold for every recorded draft, complete or not: references resolve
    (CNT-1, CNT-2, CNT-4), accessible originals say where they are kept (CNT-6), and
    whoever prepared it is named (SIGN-8)."""
    failures = draft_structure_failures(draft)
    failures += [
        Failure("CNT-6", f"draft.accessible_originals[{i}].location", "say where it is kept")
        for i, original in enumerate(draft.accessible_originals)
        if blank(original.location)
    ]
    if blank(prepared_by.ref):
        failures.append(Failure("SIGN-8", "prepared_by.ref", "must say who prepared it"))
    return failures


def draft_structure_failures(draft: Draft) -> list[Failure]:
    """References within a draft resolve."""
    failures = [
        Failure("CNT-1", "draft.needs", f"the need ref {ref!r} is used more than once")
        for ref in repeated(n.ref for n in draft.needs)
    ]
    failures += [
        Failure("CNT-1", f"draft.needs[{i}].ref", "a need needs a ref")
        for i, need in enumerate(draft.needs)
        if blank(need.ref)
    ]
    known = draft.need_refs
    for i, outcome in enumerate(draft.outcomes):
        failures += [
            Failure("CNT-2", f"draft.outcomes[{i}].need_refs", f"no need has the ref {ref!r}")
            for ref in outcome.need_refs
            if ref not in known
        ]
    for i, carer in enumerate(draft.carers):
        failures += [
            Failure("CNT-4", f"draft.carers[{i}].need_refs", f"no need has the ref {ref!r}")
            for ref in carer.need_refs
            if ref not in known
        ]
    return failures


def completeness_failures(
    draft: Draft | None, costing: Costing | None, indicative_set: bool, basis: PlanBasis
) -> list[Failure]:
    """CNT-1: every item the draft must record, each missing one named."""
    failures = []
    if not indicative_set:
        failures.append(
            Failure("CNT-1", "indicative_budget", "no indicative budget has been set and shared")
        )
    if draft is None:
        failures.append(Failure("CNT-1", "draft", "no draft has been recorded"))
    else:
        failures += draft_structure_failures(draft)
        failures += _needs_failures(draft)
        failures += _outcome_failures(draft)
        failures += _contingency_failures(draft.contingency)
        failures += _carer_failures(draft)
        failures += _basis_failures(draft, basis)
        if blank(draft.review_arrangements):
            failures.append(
                Failure(
                    "CNT-1",
                    "draft.review_arrangements",
                    "how the plan will be reviewed or monitored is not recorded",
                )
            )
    if costing is None:
        failures.append(Failure("CNT-1", "costing", "no proposed final budget has been costed"))
    else:
        failures += _costing_failures(costing)
    return failures


def _needs_failures(draft: Draft) -> list[Failure]:
    if not draft.needs:
        return [
            Failure("CNT-1", "draft.needs", "the needs identified by the assessment are missing")
        ]
    failures = []
    if not draft.needs_met_by(NeedMetBy.AUTHORITY):
        failures.append(
            Failure("CNT-1", "draft.needs", "no need is recorded as met by the authority")
        )
    failures += [
        Failure(
            "CNT-1",
            f"draft.needs[{i}].how_met",
            f"how the authority will meet need {need.ref!r} is not recorded",
        )
        for i, need in enumerate(draft.needs)
        if need.met_by is NeedMetBy.AUTHORITY and blank(need.how_met)
    ]
    not_met_by_authority = [n for n in draft.needs if n.met_by is not NeedMetBy.AUTHORITY]
    if not_met_by_authority and blank(draft.prevention_advice):
        failures.append(
            Failure(
                "CNT-1",
                "draft.prevention_advice",
                "the advice given on preventing, reducing or delaying the needs the "
                "authority will not meet is not recorded",
            )
        )
    return failures


def _outcome_failures(draft: Draft) -> list[Failure]:
    if not draft.outcomes:
        return [Failure("CNT-2", "draft.outcomes", "the outcomes the person wants are missing")]
    linked = {ref for outcome in draft.outcomes for ref in outcome.need_refs}
    return [
        Failure("CNT-2", f"draft.needs[{i}]", f"need {need.ref!r} is not linked to any outcome")
        for i, need in enumerate(draft.needs)
        if need.met_by is NeedMetBy.AUTHORITY and need.ref not in linked
    ]


def _contingency_failures(entries: tuple[ContingencyEntry, ...]) -> list[Failure]:
    if not entries:
        return [
            Failure("CNT-1", "draft.contingency", "how risks to the plan are managed is missing")
        ]
    return [
        Failure("CNT-3", f"draft.contingency[{i}].{name}", "must not be blank")
        for i, entry in enumerate(entries)
        for name in ("risk", "likely_harm", "proactive_measures", "reactive_measures")
        if blank(getattr(entry, name))
    ]


def _carer_failures(draft: Draft) -> list[Failure]:
    """CNT-4: a need left to a carer needs the carer's willingness and extent recorded."""
    willing = {
        ref
        for carer in draft.carers
        if carer.willing and not blank(carer.extent)
        for ref in carer.need_refs
    }
    return [
        Failure(
            "CNT-4",
            f"draft.needs[{i}]",
            f"need {need.ref!r} is met by a carer, but no willing carer and the extent of "
            "their caring is recorded for it",
        )
        for i, need in enumerate(draft.needs)
        if need.met_by is NeedMetBy.CARER and need.ref not in willing
    ]


def _basis_failures(draft: Draft, basis: PlanBasis) -> list[Failure]:
    """KIND-2: a plan made under the duty meets at least one eligible need."""
    if basis is not PlanBasis.DUTY:
        return []
    if any(n.eligible for n in draft.needs_met_by(NeedMetBy.AUTHORITY)):
        return []
    return [
        Failure(
            "KIND-2",
            "basis",
            "the plan is made under the duty but meets no eligible need; "
            "a plan meeting only needs that are not eligible is made under the power",
        )
    ]


def _costing_failures(costing: Costing) -> list[Failure]:
    failures = []
    if not costing.line_items:
        failures.append(
            Failure("CNT-1", "costing.line_items", "the proposed final budget has no costed lines")
        )
    if costing.split.method is None:
        failures.append(
            Failure(
                "CNT-1",
                "costing.split",
                "the proposed method of managing the budget is not recorded",
            )
        )
    elif costing.split.total != costing.weekly_cost:
        failures.append(
            Failure(
                "BUD-11",
                "costing.split",
                f"the management parts add up to £{costing.split.total}, "
                f"not the proposed budget of £{costing.weekly_cost}",
            )
        )
    failures += _direct_payment_content_failures(costing)
    return failures


def _direct_payment_content_failures(costing: Costing) -> list[Failure]:
    proposal = costing.direct_payment
    if not costing.split.includes_direct_payment:
        if proposal is not None:
            return [
                Failure(
                    "DP-5",
                    "costing.direct_payment",
                    "a direct payment is described but no part of the budget is paid as one",
                )
            ]
        return []
    if proposal is None:
        return [
            Failure(
                "CNT-1",
                "costing.direct_payment",
                "a direct payment is proposed but the needs it meets are not recorded",
            )
        ]
    failures = []
    if not proposal.need_refs:
        failures.append(
            Failure(
                "DP-5",
                "costing.direct_payment.need_refs",
                "the needs the direct payment meets are not recorded",
            )
        )
    if proposal.employs_personal_assistants and not costing.lines_in(LineCategory.EMPLOYER_COST):
        failures.append(
            Failure(
                "DP-3",
                "costing.line_items",
                "the direct payment employs personal assistants but no employer costs "
                "(payroll, insurance, pension) are costed",
            )
        )
    return failures


# What a justification of a budget above the indicative amount covers (CNT-5).
JUSTIFICATION_ITEMS = {
    "strengths_based_approach": "the strengths-based approach taken",
    "options_explored": "the options explored",
    "rationale": "why this option was chosen and the others rejected",
    "prevention_options": "the prevention options explored",
}


def justification_failures(
    proposed: Decimal | None, indicative: Decimal | None, justification: Justification | None
) -> list[Failure]:
    """CNT-5: a proposed budget above the indicative amount is justified on four items;
    each one missing or blank is named."""
    if proposed is None or indicative is None or proposed <= indicative:
        return []
    above = f"the proposed budget £{proposed} exceeds the indicative £{indicative}"
    return [
        Failure("CNT-5", f"justification.{name}", f"{above}; give {item}")
        for name, item in JUSTIFICATION_ITEMS.items()
        if justification is None or blank(getattr(justification, name))
    ]


def resubmission_failures(resubmission: bool, timeframe: Timeframe | None) -> list[Failure]:
    """RET-4: a plan submitted again after a return records the new timeframe for sign-off
    given to the person."""
    if resubmission and timeframe is None:
        return [
            Failure(
                "RET-4",
                "timeframe",
                "on resubmission, record the new timeframe for sign-off given to the person",
            )
        ]
    return []
