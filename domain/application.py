"""The care-planning application: one method per decision. Each loads the plan at the
version the caller decided on, lets the decision check every rule, and saves what
changed in one atomic transaction."""

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import chain
from typing import Any, ClassVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.persistence import IntegrityError, Recording, Transcoder
from eventsourcing.utils import EnvType

from domain.access import ReadOf, RecordsRead
from domain.actors import Actor
from domain.budgets import PersonalBudget
from domain.errors import PlanNotFound, RequestKeyReused, StaleVersion, VersionNotFound
from domain.kinds import PlanStatus
from domain.plan import DECISIONS, Context, starting
from domain.plan.aggregate import Plan
from domain.policy import Policy
from domain.requests import KeyedRequest, RequestKey
from domain.rules.authority import require_role
from domain.transcodings import CareledgerTranscoder, register_transcodings

Clock = Callable[[], datetime]
Listener = Callable[[Sequence[Recording[UUID]]], None]


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Recorded:
    """What a decision left behind: the plan's new version and its position in the
    notification log, for read models to catch up to (for a keyed retry answered from an
    earlier save, the log's latest position, which is at or after it)."""

    plan_id: UUID
    version: int
    status: PlanStatus
    position: int


class CarePlanning(Application[UUID]):
    name = "careledger"
    # Aggregates are cached and fast-forwarded from the store on each read, and copied
    # before a decision touches them, so a refused or conflicting decision leaves the
    # cache as it was.
    env: ClassVar[dict[str, str]] = {"AGGREGATE_CACHE_MAXSIZE": "1000"}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        """A subclass (a test double, say) keeps the name: on PostgreSQL the name picks
        the tables, and its settings' prefix."""
        super().__init_subclass__(**kwargs)
        cls.name = CarePlanning.name

    def __init__(
        self, env: EnvType | None = None, *, clock: Clock = utc_now, policy: Policy | None = None
    ) -> None:
        self.clock = clock
        self.policy = policy or Policy()
        self.listeners: list[Listener] = []
        self.listener_failures = 0  # listeners report their own errors; this counts them
        super().__init__(env)

    def construct_transcoder(self) -> Transcoder:
        transcoder = CareledgerTranscoder()
        register_transcodings(transcoder)
        return transcoder

    # --- commands -----------------------------------------------------------------------

    def start_plan(self, command: starting.StartPlan, key: RequestKey | None = None) -> Recorded:
        if (answered := self._answered(key)) is not None:
            return answered
        plan = starting.start(command, self.clock())
        budget = PersonalBudget.open(plan.id, plan.kind, plan.basis, command.actor, plan.started_at)
        return self._commit(plan, budget, key=key)

    def decide(
        self, plan_id: UUID, expected_version: int, command: Any, key: RequestKey | None = None
    ) -> Recorded:
        """Any decision on an existing plan: the command's type picks the rules. The plan
        and, when the decision changes it, its budget are saved in one transaction. With a
        ``key``, a retry of the same request gets the first answer and stores nothing."""
        if (answered := self._answered(key)) is not None:
            return answered
        try:
            entry = DECISIONS[type(command)]
        except KeyError:
            raise TypeError(f"no decision takes a {type(command).__name__}") from None
        require_role(command.actor, decision_name(command), entry.roles, entry.rule)
        plan = self.plan(plan_id)
        if plan.version != expected_version:
            raise StaleVersion(plan_id, expected_version, plan.version)
        ctx = Context(self.clock(), self.policy, lambda: self._budget(plan_id))
        entry.decide(plan, command, ctx)
        changed = (ctx.budget,) if ctx.budget_loaded else ()
        return self._commit(plan, *changed, key=key)

    # --- queries ------------------------------------------------------------------------

    def plan(self, plan_id: UUID, version: int | None = None) -> Plan:
        try:
            plan: Plan = self.repository.get(plan_id, version=version, projector_func=_project)
        except AggregateNotFoundError:
            raise PlanNotFound(plan_id) from None
        if version is not None and plan.version != version:
            raise VersionNotFound(plan_id, version, plan.version)
        return plan

    def budget(self, plan_id: UUID, plan_version: int | None = None) -> PersonalBudget:
        """The plan's budget, or the budget as it stood when the plan was at
        ``plan_version``."""
        budget_id = PersonalBudget.create_id(plan_id)
        if plan_version is None:
            return self._get_budget(budget_id, None)
        version = 0
        for budget_event in self.events.get(budget_id):
            if getattr(budget_event, "plan_version", 0) > plan_version:
                break
            version = budget_event.originator_version
        if version == 0:
            raise PlanNotFound(plan_id)
        return self._get_budget(budget_id, version)

    def history(self, plan_id: UUID) -> list[Any]:
        """Every event of the plan and its budget, in the order they were decided."""
        plan_events = list(self.events.get(plan_id))
        if not plan_events:
            raise PlanNotFound(plan_id)
        budget_events = self.events.get(PersonalBudget.create_id(plan_id))
        return sorted(chain(plan_events, budget_events), key=_decision_order)

    def log_read(self, reader: Actor, read: ReadOf, purpose: str | None) -> int:
        """Appends an entry to the access log; returns its position in the store."""
        recordings = self.save(RecordsRead.log(reader, read, purpose))
        return recordings[-1].notification.id

    # --- plumbing -----------------------------------------------------------------------

    def _budget(self, plan_id: UUID) -> PersonalBudget:
        return self._get_budget(PersonalBudget.create_id(plan_id), None)

    def _get_budget(self, budget_id: UUID, version: int | None) -> PersonalBudget:
        budget: PersonalBudget = self.repository.get(
            budget_id, version=version, projector_func=_project
        )
        return budget

    def _commit(
        self, plan: Plan, *others: PersonalBudget, key: RequestKey | None = None
    ) -> Recorded:
        expected = plan.version - len(plan.pending_events)
        request = (
            KeyedRequest.answer(key, plan.id, plan.version, plan.status, self.clock())
            if key
            else None
        )
        try:
            recordings = self.save(plan, *others, request)
        except IntegrityError:
            if (answered := self._answered(key)) is not None:
                return answered  # the same request, saved by a racing retry
            raise StaleVersion(plan.id, expected, None) from None
        return Recorded(plan.id, plan.version, plan.status, recordings[-1].notification.id)

    def _answered(self, key: RequestKey | None) -> Recorded | None:
        """The answer already given to this key, if any; a different request under the
        same key is refused."""
        if key is None:
            return None
        try:
            request: KeyedRequest = self.repository.get(key.id)
        except AggregateNotFoundError:
            return None
        if request.fingerprint != key.fingerprint:
            raise RequestKeyReused(key.key)
        position = self.recorder.max_notification_id() or 0
        return Recorded(request.plan_id, request.plan_version, request.status, position)

    def _notify(self, recordings: list[Recording[UUID]]) -> None:
        """Listeners hear of what was saved; the decision stands whatever they do."""
        for listener in self.listeners:
            try:
                listener(recordings)
            except Exception:  # a listener must not undo a saved decision
                self.listener_failures += 1


def _decision_order(domain_event: Any) -> tuple[int, int, int]:
    """Plan events by version; a budget event right after the plan event it was saved
    with (it records that plan version)."""
    if isinstance(domain_event, PersonalBudget.Decision):
        return (domain_event.plan_version, 1, domain_event.originator_version)
    return (domain_event.originator_version, 0, 0)


def decision_name(command: Any) -> str:
    """``SignOff`` -> ``sign off``: how a refusal names the decision."""
    return re.sub(r"(?<!^)(?=[A-Z])", " ", type(command).__name__).lower()


def _project(aggregate: Any, domain_events: Iterable[Any]) -> Any:
    """Each event mutates the aggregate in turn: the library's projector, less a
    per-event runtime protocol check that costs more than the mutation itself."""
    for domain_event in domain_events:
        aggregate = domain_event.mutate(aggregate)
    return aggregate
