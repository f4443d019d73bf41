"""Which roles may make which decisions, and separation of duties at sign-off."""

from collections.abc import Iterable

from domain.actors import Actor, Role
from domain.errors import Failure, NotPermitted

# Sign-off is always by the local authority; an independent advocate never signs (SIGN-6).
SIGNERS = frozenset({Role.SIGN_OFF_OFFICER, Role.PANEL_MEMBER})
PLANNERS = frozenset({Role.PRACTITIONER})


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
