"""Which roles may make which decisions, and separation of duties at sign-off."""

from collections.abc import Iterable
from decimal import Decimal

from domain.actors import Actor, Role
from domain.deciding import AuthorityRelied, PanelDecision
from domain.errors import Failure, NotPermitted
from domain.policy import DelegationScheme
from domain.rules.text import blank

# Sign-off is always by the local authority; an independent advocate never signs (SIGN-6).
SIGNERS = frozenset({Role.SIGN_OFF_OFFICER, Role.PANEL_MEMBER})
PLANNERS = frozenset({Role.PRACTITIONER})  # who prepares and submits plans
CASE_HOLDERS = frozenset({Role.PRACTITIONER, Role.LINE_MANAGER})
MANAGERS = frozenset({Role.LINE_MANAGER, Role.SIGN_OFF_OFFICER, Role.PANEL_MEMBER})


def require_role(actor: Actor, decision: str, allowed: frozenset[Role], obligation: str) -> None:
    if actor.role not in allowed:
        raise NotPermitted(decision, actor.role.value, (r.value for r in allowed), obligation)


def independence_failures(
    signer: Actor, submitters: Iterable[str], preparers: Iterable[str]
) -> list[Failure]:
    """SIGN-6: whoever submitted or prepared the plan cannot decide on it."""
    failures = []
    if signer.id in set(submitters):
        failures.append(
            Failure("SIGN-6", "actor", "the person who submitted the plan cannot decide on it")
        )
    if signer.id in set(preparers):
        failures.append(
            Failure("SIGN-6", "actor", "a person who prepared the plan cannot decide on it")
        )
    return failures


def sign_off_authority(
    signer: Actor, weekly_cost: Decimal, scheme: DelegationScheme, panel: PanelDecision | None
) -> tuple[AuthorityRelied | None, list[Failure]]:
    """SIGN-7: the level a plan's weekly cost needs, and whether this signer holds it.
    A limit routes the decision upwards; it never caps the budget (BUD-13)."""
    required = scheme.required_for(weekly_cost)
    if signer.role is Role.PANEL_MEMBER:
        return _panel_authority(signer, weekly_cost, scheme, panel)
    level = scheme.level(signer.authority_level)
    if level is None:
        return None, [
            Failure(
                "SIGN-7",
                "actor.authority_level",
                f"the signer has no level in the delegation scheme; £{weekly_cost} a week "
                f"needs {required.name}",
            )
        ]
    if scheme.rank(level) < scheme.rank(required):
        return None, [
            Failure(
                "SIGN-7",
                "actor.authority_level",
                f"£{weekly_cost} a week needs {required.name} or above; the signer is "
                f"{level.name} (limit {level.describe_limit()})",
            )
        ]
    rule = f"£{weekly_cost} a week is within the {level.name} limit of {level.describe_limit()}"
    return AuthorityRelied(level.name, level.describe_limit(), rule), []


def _panel_authority(
    signer: Actor, weekly_cost: Decimal, scheme: DelegationScheme, panel: PanelDecision | None
) -> tuple[AuthorityRelied | None, list[Failure]]:
    level = scheme.panel
    failures = []
    if level is None:
        failures.append(Failure("SIGN-7", "actor.role", "the delegation scheme has no panel"))
    if panel is None:
        failures.append(
            Failure("SIGN-7", "panel", "a panel sign-off records its members and decision")
        )
    else:
        if len(set(panel.members)) < 2 or signer.id not in panel.members:
            failures.append(
                Failure(
                    "SIGN-7", "panel.members", "name at least two members, the signer among them"
                )
            )
        if blank(panel.decision_ref):
            failures.append(Failure("SIGN-7", "panel.decision_ref", "must not be blank"))
    if failures or level is None:
        return None, failures
    rule = f"£{weekly_cost} a week decided by the {level.name}"
    return AuthorityRelied(level.name, level.describe_limit(), rule, panel), []
