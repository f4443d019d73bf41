"""Which roles may make which decisions, and separation of duties at sign-off."""

from collections.abc import Iterable
from decimal import Decimal

from domain.actors import Actor, Role
from domain.deciding import AuthorityRelied, PanelDecision
from domain.directory import Directory
from domain.errors import Failure, NotPermitted, OutOfScope
from domain.policy import DelegationScheme
from domain.rules.text import blank

# Sign-off is always by the local authority; an independent advocate never signs (SIGN-6).
SIGNERS = frozenset({Role.SIGN_OFF_OFFICER, Role.PANEL_MEMBER})
PLANNERS = frozenset({Role.PRACTITIONER})  # who prepares and submits plans
CASE_HOLDERS = frozenset({Role.PRACTITIONER, Role.LINE_MANAGER})
MANAGERS = frozenset({Role.LINE_MANAGER, Role.SIGN_OFF_OFFICER, Role.PANEL_MEMBER})


# Roles the local policy may scope to their own team's plans; the others (signers, the
# panel, auditors, complaint handlers) serve the whole authority.
TEAM_SCOPED = frozenset({Role.PRACTITIONER, Role.LINE_MANAGER})
CROSS_TEAM_GROUNDS = ("duty", "transfer")


def serves_the_authority(actor: Actor, directory: Directory) -> bool:
    """Whether the actor's role reaches every team's plans where teams are scoped: a
    signer by the directory's level, a panel member by a seat on the panel, not by the
    token's role alone."""
    if actor.role is Role.SIGN_OFF_OFFICER:
        return actor.authority_level is not None
    if actor.role is Role.PANEL_MEMBER:
        return directory.on_panel(actor.id)
    return actor.role not in TEAM_SCOPED


def require_in_scope(
    actor: Actor, plan_team: str, team_scoped: bool, cross_team: str | None, what: str,
    directory: Directory,
) -> bool:  # fmt: skip
    """Whether ``actor`` reaches another team's plan on a cross-team reason (to be logged);
    refuses when the policy scopes their role to their own teams (by the directory) and
    none is given."""
    if not team_scoped or serves_the_authority(actor, directory):
        return False
    if actor.team == plan_team or directory.covers(actor.id, plan_team):
        return False
    if cross_team is None:
        raise OutOfScope(what, actor.team, plan_team)
    return True


def require_role(actor: Actor, decision: str, allowed: frozenset[Role], obligation: str) -> None:
    if actor.role not in allowed:
        raise NotPermitted(decision, actor.role.value, (r.value for r in allowed), obligation)


def independence_failures(
    signer: Actor,
    submitters: Iterable[str],
    preparers: Iterable[str],
    involved: Iterable[tuple[str, str]] = (),
) -> list[Failure]:
    """SIGN-6: whoever submitted or prepared the plan cannot decide on it, nor anyone
    involved in it (``involved``: each party's ref and kind: the person's advocate, carer,
    representative ...), whatever role they act in."""
    failures = [
        Failure("SIGN-6", "actor", f"someone involved in the plan (as {kind}) cannot decide on it")
        for ref, kind in involved
        if ref == signer.id
    ]
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
    signer: Actor,
    weekly_cost: Decimal,
    scheme: DelegationScheme,
    panel: PanelDecision | None,
    directory: Directory,
    conflicted: frozenset[str] = frozenset(),
) -> tuple[AuthorityRelied | None, list[Failure]]:
    """SIGN-7: the level a plan's weekly cost needs, and whether this signer holds it (the
    signer's level is the directory's, never their own word). A limit routes the decision
    upwards; it never caps the budget (BUD-13). ``conflicted``: who prepared or submitted
    the plan, or is involved in it, none of whom may sit on its panel (SIGN-6)."""
    required = scheme.required_for(weekly_cost)
    if signer.role is Role.PANEL_MEMBER:
        return _panel_authority(signer, weekly_cost, scheme, panel, directory, conflicted)
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
    signer: Actor,
    weekly_cost: Decimal,
    scheme: DelegationScheme,
    panel: PanelDecision | None,
    directory: Directory,
    conflicted: frozenset[str],
) -> tuple[AuthorityRelied | None, list[Failure]]:
    """The approval panel is a panel: members the directory seats on it, at least its
    quorum, the signer among them, none who prepared or submitted the plan."""
    level = scheme.panel
    failures = []
    if level is None:
        failures.append(Failure("SIGN-7", "actor.role", "the delegation scheme has no panel"))
    if panel is None:
        failures.append(
            Failure("SIGN-7", "panel", "a panel sign-off records its members and decision")
        )
    else:
        failures += _membership_failures(signer, panel, directory, conflicted)
        if blank(panel.decision_ref):
            failures.append(Failure("SIGN-7", "panel.decision_ref", "must not be blank"))
    if failures or level is None:
        return None, failures
    rule = f"£{weekly_cost} a week decided by the {level.name}"
    return AuthorityRelied(level.name, level.describe_limit(), rule, panel), []


def _membership_failures(
    signer: Actor, panel: PanelDecision, directory: Directory, conflicted: frozenset[str]
) -> list[Failure]:
    members = set(panel.members)
    quorum = directory.panel_quorum
    failures = []
    if len(members) < quorum or signer.id not in members:
        failures.append(
            Failure("SIGN-7", "panel.members",
                    f"name at least {quorum} members (the quorum), the signer among them")
        )  # fmt: skip
    if not directory.on_panel(signer.id):
        failures.append(
            Failure("SIGN-7", "actor", "the staff directory does not seat the signer on the panel")
        )
    failures += [
        Failure("SIGN-7", "panel.members", f"{ref} does not sit on the panel, by the directory")
        for ref in sorted(members - {signer.id})
        if not directory.on_panel(ref)
    ]
    failures += [
        Failure("SIGN-6", "panel.members", f"{ref} prepared, submitted or is involved in the plan")
        for ref in sorted(members & conflicted)
    ]
    return failures
