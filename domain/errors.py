"""Why a command was refused. The API maps each class to one HTTP status."""

from collections.abc import Iterable
from dataclasses import dataclass
from uuid import UUID


@dataclass(frozen=True)
class Failure:
    """One failed check: the obligation it enforces, the field at fault, and why."""

    obligation: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.obligation} {self.field}: {self.message}"


class CareledgerError(Exception):
    """Base of every refusal; nothing is stored when one is raised."""


class PlanNotFound(CareledgerError):
    def __init__(self, plan_id: UUID) -> None:
        super().__init__(f"no plan with id {plan_id}")
        self.plan_id = plan_id


class RecordsErased(CareledgerError):
    """The person's records were erased at the end of retention, or on their request
    (KEEP-2): their decisions' skeleton remains in the history, their content does not."""

    def __init__(self, stream_id: UUID) -> None:
        super().__init__(f"the personal data of {stream_id} has been erased (KEEP-2); its "
                         "history still shows what was decided, when and by whom")  # fmt: skip
        self.stream_id = stream_id


class NothingToErase(CareledgerError):
    """No personal data of this person is sealed under a key held here (KEEP-2)."""

    def __init__(self) -> None:
        super().__init__("no key is held for that person: nothing of theirs is sealed, or "
                         "their records were erased already")  # fmt: skip


class VersionNotFound(CareledgerError):
    def __init__(self, plan_id: UUID, version: int, latest: int) -> None:
        super().__init__(f"plan {plan_id} has versions 1 to {latest}, not {version}")
        self.plan_id = plan_id
        self.version = version


class NothingInForce(CareledgerError):
    def __init__(self, plan_id: UUID) -> None:
        super().__init__(f"plan {plan_id} has not been signed off: no version is in force")
        self.plan_id = plan_id


class StaleVersion(CareledgerError):
    """The caller decided on a version of the plan that is no longer current."""

    def __init__(self, plan_id: UUID, expected: int, actual: int | None) -> None:
        current = "a newer version" if actual is None else f"version {actual}"
        super().__init__(
            f"plan {plan_id} is at {current}; the decision was made on version {expected}"
        )
        self.plan_id = plan_id
        self.expected = expected
        self.actual = actual


class DecisionNotAllowed(CareledgerError):
    """The plan's state does not allow this decision now."""

    def __init__(self, decision: str, status: str, allowed: Iterable[str], obligation: str) -> None:
        self.decision = decision
        self.status = status
        self.allowed = tuple(sorted(allowed))
        self.obligation = obligation
        super().__init__(
            f"{obligation}: cannot {decision} while it is {status}; "
            f"only when it is {' or '.join(self.allowed)}"
        )


class NotPermitted(CareledgerError):
    """The actor's role may not make this decision."""

    def __init__(self, decision: str, role: str, allowed: Iterable[str], obligation: str) -> None:
        self.decision = decision
        self.role = role
        self.allowed = tuple(sorted(allowed))
        self.obligation = obligation
        super().__init__(
            f"{obligation}: the role {role} may not {decision}; only {', '.join(self.allowed)}"
        )


class OutOfScope(CareledgerError):
    """The record is another team's, and the local policy scopes this role to its own:
    reached only with a cross-team reason (duty, transfer), which is logged. Without a
    ``plan_team``, what was asked for is no team's: a reader with no team of their own
    asked for no team's queues."""

    def __init__(self, what: str, team: str | None, plan_team: str | None) -> None:
        self.what, self.team, self.plan_team = what, team, plan_team
        yours = f"your team is {team}" if team else "the staff directory gives you no team"
        how = "say why with X-Cross-Team (duty or transfer) and X-Purpose"
        if plan_team is None:
            message = f"{yours}: to {what}, name the team with ?team= and {how}"
        else:
            message = f"this plan is {plan_team}'s and {yours}: to {what} across teams, {how}"
        super().__init__(f"DESIGN-scope: {message}")


class RecordRestricted(CareledgerError):
    """The person's records are restricted to named staff, and the actor is not named."""

    def __init__(self, what: str) -> None:
        self.what = what
        super().__init__(
            f"DESIGN-restricted: this person's records are restricted to named staff and you "
            f"are not named, so you may not {what}"
        )


class ComplaintNotFound(CareledgerError):
    def __init__(self, complaint_ref: str) -> None:
        super().__init__(f"no complaint with the reference {complaint_ref!r}")
        self.complaint_ref = complaint_ref


class ComplaintExists(CareledgerError):
    """A complaint's reference is its identity: recorded once."""

    def __init__(self, complaint_ref: str) -> None:
        super().__init__(f"CMP-1: a complaint with the reference {complaint_ref!r} is "
                         "already recorded")  # fmt: skip
        self.complaint_ref = complaint_ref


class RuleBroken(CareledgerError):
    """One or more rules refused the decision; ``failures`` lists every one."""

    def __init__(self, decision: str, failures: Iterable[Failure]) -> None:
        self.decision = decision
        self.failures = tuple(failures)
        if not self.failures:
            raise ValueError("RuleBroken needs at least one failure")
        listed = "; ".join(str(f) for f in self.failures)
        super().__init__(f"cannot {decision}: {listed}")

    @property
    def obligations(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(f.obligation for f in self.failures))


def refuse_if(decision: str, failures: Iterable[Failure]) -> None:
    """Raise ``RuleBroken`` listing every failure, if there are any."""
    found = tuple(failures)
    if found:
        raise RuleBroken(decision, found)


class RequestKeyReused(CareledgerError):
    """An idempotency key sent again with a different request."""

    def __init__(self, key: str) -> None:
        super().__init__(f"the key {key!r} was used for a different request")
        self.key = key
