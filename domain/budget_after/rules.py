"""Whether a challenge to the budget, its answer, or an independent budget may be recorded
(BUD-12, BUD-14, COMP-1)."""

from collections.abc import Iterable
from decimal import Decimal

from domain.budget.rules import amount_failures
from domain.budget_after import ChallengeOutcome
from domain.drafting import Need, NeedMetBy
from domain.errors import Failure
from domain.kinds import PlanBasis
from domain.rules.text import blank


def challenge_failures(
    challenge_ref: str, grounds: str, open_refs: frozenset[str]
) -> list[Failure]:
    """BUD-14: a challenge has a ref of its own and says why the budget is not enough."""
    failures = []
    if blank(challenge_ref) or challenge_ref in open_refs:
        failures.append(Failure("BUD-14", "challenge_ref", "needs a ref not already open"))
    if blank(grounds):
        failures.append(Failure("BUD-14", "grounds", "must not be blank"))
    return failures


def unresolved(outcome: ChallengeOutcome) -> bool:
    """Whether the disagreement is left (in part) unresolved: the person may complain."""
    return outcome is not ChallengeOutcome.UPHELD


def answer_failures(
    challenge_open: bool, response: str, outcome: ChallengeOutcome, right_to_complain: bool
) -> list[Failure]:
    """BUD-14: an open challenge is answered with a response; an unresolved disagreement
    is told with the right to complain (COMP-1)."""
    failures = []
    if not challenge_open:
        failures.append(Failure("BUD-14", "challenge_ref", "no open challenge has this ref"))
    if blank(response):
        failures.append(Failure("BUD-14", "response", "must not be blank"))
    if unresolved(outcome) and not right_to_complain:
        failures.append(
            Failure(
                "COMP-1",
                "right_to_complain",
                "an unresolved disagreement is told with the right to complain",
            )
        )
    return failures


def independent_budget_failures(
    weekly_amount: Decimal,
    need_refs: tuple[str, ...],
    explanation: str,
    basis: PlanBasis,
    needs: Iterable[Need],
) -> list[Failure]:
    """BUD-12: an independent personal budget is for a self-funder, covers eligible needs
    the authority is not meeting, and explains itself."""
    failures = amount_failures(weekly_amount, "weekly_amount", "BUD-12")
    if basis is not PlanBasis.SELF_FUNDER_REQUEST:
        failures.append(Failure("BUD-12", "basis", "an independent budget is for a self-funder"))
    if not need_refs:
        failures.append(Failure("BUD-12", "need_refs", "name the eligible needs it is for"))
    unmet = {n.ref for n in needs if n.eligible and n.met_by is not NeedMetBy.AUTHORITY}
    failures += [
        Failure(
            "BUD-12",
            "need_refs",
            f"{ref!r} is not an eligible need left unmet by the authority",
        )
        for ref in need_refs
        if ref not in unmet
    ]
    if blank(explanation):
        failures.append(Failure("BUD-12", "explanation", "must not be blank"))
    return failures
