"""The checks on restricting a person's records, on changing or lifting a restriction,
and on who reaches a restricted record (DESIGN-restricted)."""

from collections.abc import Sequence

from domain.actors import Actor, Role
from domain.errors import Failure
from domain.restricting import NAMED_MAX, REASON_MAX, RULE
from domain.rules.text import blank

# information governance (an admin) keeps restrictions; so may a line manager, for a
# record they are named on
KEEPERS = frozenset({Role.ADMIN, Role.LINE_MANAGER})


def reaches(actor: Actor, named: frozenset[str] | None) -> bool:
    """Whether ``actor`` reads and decides on a person's records: anyone where they are
    not restricted; only the staff named where they are."""
    return named is None or actor.id in named


def keeper_failures(actor: Actor, named: frozenset[str] | None) -> list[Failure]:
    """An admin (information governance) restricts a person's records, and changes or
    lifts the restriction; a line manager only changes or lifts one they are named on."""
    if actor.role is Role.ADMIN or (named is not None and actor.id in named):
        return []
    if named is None:
        return [Failure(RULE, "actor", "only an admin (information governance) restricts "
                                       "records that are not restricted")]  # fmt: skip
    return [Failure(RULE, "actor", "only the staff named on a restriction, or an admin, "
                                   "may change or lift it")]  # fmt: skip


def named_failures(named: Sequence[str]) -> list[Failure]:
    if not named:
        return [Failure(RULE, "named", "name at least one member of staff who may read "
                                       "the records")]  # fmt: skip
    failures = []
    if len(named) > NAMED_MAX:
        failures.append(Failure(RULE, "named", f"at most {NAMED_MAX} staff"))
    if len(set(named)) != len(named):
        failures.append(Failure(RULE, "named", "a member of staff is named twice"))
    return failures


def reason_failures(reason: str) -> list[Failure]:
    if blank(reason):
        return [Failure(RULE, "reason", "say why (kept with the restriction)")]
    if len(reason) > REASON_MAX:
        return [Failure(RULE, "reason", f"at most {REASON_MAX} characters")]
    return []
