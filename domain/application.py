"""The care-planning application: one method per decision. Each loads the plan at the
version the caller decided on, lets the decision check every rule, and saves what
changed in one atomic transaction."""

import re
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from itertools import chain
from typing import Any, ClassVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application, project_aggregate
from eventsourcing.persistence import IntegrityError, Recording, Transcoder
from eventsourcing.utils import EnvType

from domain.access import ReadOf, RecordsRead
from domain.actors import Actor
from domain.budget.aggregate import PersonalBudget
from domain.complaining import decisions as complaining
from domain.decisions import DECISIONS, DecisionRule
from domain.directory import Directory
from domain.errors import (
    ComplaintExists,
    ComplaintNotFound,
    Failure,
    PlanNotFound,
    RecordRestricted,
    RecordsErased,
    RequestKeyReused,
    RuleBroken,
    StaleVersion,
    VersionNotFound,
)
from domain.kinds import PlanStatus
from domain.plan import starting
from domain.plan.aggregate import Plan
from domain.plan.context import Context
from domain.policy import Policy
from domain.requests import KeyedRequest, RequestKey
from domain.restricting import decisions as restricting
from domain.restricting.rules import reaches
from domain.rules.authority import require_in_scope, require_role
from domain.transcodings import CareledgerTranscoder, register_transcodings

Clock = Callable[[], datetime]
STARTS_CACHED = 100_000  # plans whose team and person are kept in memory, for scoping reads
RESTRICTIONS_FRESH_SECONDS = 1.0  # how long a person's restriction, as read, is relied on


class RestrictionsRead:
    """Whom each person's records are restricted to, as last read, at which version of
    their restriction (0: never restricted), and when: relied on for
    ``RESTRICTIONS_FRESH_SECONDS``, so that a decision need not read the store. A read
    that finishes after a newer version was remembered (one thread reading as another
    records a change) does not put the older back."""

    def __init__(self) -> None:
        self._read: dict[str, tuple[frozenset[str] | None, int, float]] = {}
        self._lock = threading.Lock()

    def get(self, person_ref: str, now: float) -> tuple[frozenset[str] | None] | None:
        found = self._read.get(person_ref)
        if found is None or now - found[2] > RESTRICTIONS_FRESH_SECONDS:
            return None
        return (found[0],)

    def remember(self, person_ref: str, named: frozenset[str] | None, version: int,
                 now: float) -> None:  # fmt: skip
        with self._lock:
            known = self._read.get(person_ref)
            if known is not None and known[1] > version:
                return
            if len(self._read) >= STARTS_CACHED:
                self._read.clear()
            self._read[person_ref] = (named, version, now)


Listener = Callable[[Sequence[Recording[UUID]]], None]


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class DecisionRequest:
    """A decision asked of the application: on which plan, at which version, what, and
    under which idempotency key."""

    plan_id: UUID
    expected_version: int
    command: Any
    key: RequestKey | None = None
    cross_team: str | None = None  # why another team's plan is decided on (logged)


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
    # Plans and budgets are cached as this process last saved or read them, and copied
    # before a decision touches them, so a refused or conflicting decision leaves the
    # cache as it was. The library does not bring the cache up to date on each read
    # ("fast-forward"): reads do that themselves (``_latest``), and a decision first
    # tries the cached copy, which the store's version check proves current when it
    # saves (see ``decide``).
    env: ClassVar[dict[str, str]] = {
        "AGGREGATE_CACHE_MAXSIZE": "1000",
        "AGGREGATE_CACHE_FASTFORWARD": "n",
    }

    def __init_subclass__(cls, **kwargs: Any) -> None:
        """A subclass (a test double, say) keeps the name: on PostgreSQL the name picks
        the tables, and its settings' prefix."""
        super().__init_subclass__(**kwargs)
        cls.name = CarePlanning.name

    def __init__(
        self,
        env: EnvType | None = None,
        *,
        clock: Clock = utc_now,
        policy: Policy | None = None,
        directory: Callable[[], Directory] | None = None,
    ) -> None:
        self.clock = clock
        self.policy = policy or Policy()
        # the staff directory as it stands when a decision is made (it may be reloaded)
        self.directory: Callable[[], Directory] = directory or Directory
        self.listeners: list[Listener] = []
        self.listener_failures = 0  # listeners report their own errors; this counts them
        self._starts: dict[UUID, starting.Started] = {}  # each plan's first event
        self._restrictions = RestrictionsRead()  # whom each person's records are kept to
        self.clock_seconds: Callable[[], float] = time.monotonic
        super().__init__(env)

    def construct_transcoder(self) -> Transcoder:
        transcoder = CareledgerTranscoder()
        register_transcodings(transcoder)
        return transcoder

    def erased(self, stream_id: UUID) -> bool:
        """Whether the personal data of a plan (or another stream) has been erased (KEEP-2):
        never, where events are stored without sealing (see ``store.sealing``)."""
        return False

    def require_not_erased(self, stream_id: UUID) -> None:
        """Refuses a read of a plan's content, or a decision on it, once the person's
        records have been erased (KEEP-2)."""
        if self.erased(stream_id):
            raise RecordsErased(stream_id)

    def forget_people(self) -> None:
        """A person's records were erased (here or by another process): what this process
        holds of anyone's records is dropped, to be read again as stored."""
        self._starts.clear()
        self._restrictions = RestrictionsRead()
        if self.repository.cache is not None:
            self.repository.cache.clear()  # type: ignore[attr-defined]

    # --- commands -----------------------------------------------------------------------

    def start_plan(
        self, command: starting.StartPlan, key: RequestKey | None = None,
        cross_team: str | None = None,
    ) -> Recorded:  # fmt: skip
        if (answered := self._answered(key)) is not None:
            return answered
        plan = starting.start(command, self.clock())
        budget = PersonalBudget.open(plan.id, plan.kind, plan.basis, command.actor, plan.started_at)
        logged = self._cross_team(command.actor, plan, cross_team, "start a plan")
        self.require_reach(command.actor, plan.person_ref, "start a plan")
        return self._commit(plan, budget, *logged, key=key)

    def decide(
        self, plan_id: UUID, expected_version: int, command: Any, key: RequestKey | None = None,
        cross_team: str | None = None,
    ) -> Recorded:  # fmt: skip
        """Any decision on an existing plan: the command's type picks the rules. The plan
        and, when the decision changes it, its budget are saved in one transaction. With a
        ``key``, a retry of the same request gets the first answer and stores nothing.

        The decision is first made on the cached plan and budget, with no read of the
        store. Saved, it was made on the latest versions: the store refuses an event at a
        version it already holds, and a budget read but not changed is checked against
        the store. Otherwise (the cache was behind, the save conflicted, or the rules
        refused) it is made again on the plan and budget as stored, and that answer is
        final."""
        if (answered := self._answered(key)) is not None:
            return answered
        entry = self._rule_for(command)
        made = partial(self._made, plan_id, expected_version, command, entry, cross_team)
        try:
            plan, changed = made(cached=True)
            return self._commit(plan, *changed, key=key, conflict=_CacheBehind)
        except _CacheBehind:
            plan, changed = made(cached=False)
            return self._commit(plan, *changed, key=key)

    def decide_together(self, requests: Sequence[DecisionRequest]) -> list[Recorded | Exception]:
        """Several decisions, each on a plan of its own, saved in one transaction: one
        commit for many is what lets a busy worker keep up. Each gets the answer it would
        get alone: one that cannot be made on the cached copies (see ``decide``), a second
        on the same plan, or every one when the joint save conflicts, is decided alone
        after."""
        outcomes: dict[int, Recorded | Exception] = {}
        staged: list[tuple[int, Plan, tuple[Any, ...], RequestKey | None]] = []
        plans: set[UUID] = set()
        for i, request in enumerate(requests):
            if request.plan_id in plans:
                continue
            try:
                if (answered := self._answered(request.key)) is not None:
                    outcomes[i] = answered
                    continue
                entry = self._rule_for(request.command)
                plan, changed = self._made(request.plan_id, request.expected_version,
                                           request.command, entry, request.cross_team,
                                           cached=True)  # fmt: skip
            except Exception:  # decided alone below, for its final answer
                continue
            plans.add(request.plan_id)
            staged.append((i, plan, changed, request.key))
        if staged:
            outcomes.update(self._commit_together(staged))
        for i, request in enumerate(requests):
            if i not in outcomes:
                try:
                    r = request
                    outcomes[i] = self.decide(
                        r.plan_id, r.expected_version, r.command, r.key, r.cross_team
                    )
                except Exception as exc:
                    outcomes[i] = exc
        return [outcomes[i] for i in range(len(requests))]

    # --- queries ------------------------------------------------------------------------

    def plan(self, plan_id: UUID, version: int | None = None) -> Plan:
        self.require_not_erased(plan_id)
        try:
            plan: Plan = (
                self._latest(plan_id)
                if version is None
                else self.repository.get(plan_id, version=version, projector_func=self.project)
            )
        except AggregateNotFoundError:
            raise PlanNotFound(plan_id) from None
        if version is not None and plan.version != version:
            raise VersionNotFound(plan_id, version, plan.version)
        return plan

    def budget(self, plan_id: UUID, plan_version: int | None = None) -> PersonalBudget:
        """The plan's budget, or the budget as it stood when the plan was at
        ``plan_version``."""
        self.require_not_erased(plan_id)
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

    def started(self, plan_id: UUID) -> starting.Started:
        """The plan's first event, which fixes its team and person: so read once."""
        started = self._starts.get(plan_id)
        if started is None:
            first = next(iter(self.events.get(plan_id, lte=1)), None)
            if not isinstance(first, starting.Started):
                raise PlanNotFound(plan_id)
            if len(self._starts) >= STARTS_CACHED:
                self._starts.clear()  # read again as needed: a plan's start never changes
            started = self._starts[plan_id] = first
        return started

    def require_in_scope(self, reader: Actor, plan_ids: Iterable[UUID],
                         cross_team: str | None, what: str,
                         person_ref: str | None = None) -> bool:  # fmt: skip
        """Whether reading these plans (or this person's records) reaches across teams (on
        ``cross_team``'s reason); refuses when the local policy keeps the reader to their
        own team's plans, or the person's records are restricted to staff not including
        them (DESIGN-scope, DESIGN-restricted)."""
        crossed, directory = False, self.directory()
        people = {person_ref} if person_ref is not None else set()
        for plan_id in plan_ids:
            started = self.started(plan_id)
            people.add(started.person_ref)
            crossed |= require_in_scope(reader, started.team, self.policy.team_scoped,
                                        cross_team, what, directory)  # fmt: skip
        for person in people:
            self.require_reach(reader, person, what)
        return crossed

    def withheld_from(self, reader: Actor, plan_ids: Iterable[UUID]) -> frozenset[UUID]:
        """Which of these plans are of people whose records are restricted to staff not
        including ``reader``: left out of lists they read (DESIGN-restricted)."""
        reached: dict[str, bool] = {}
        withheld = set()
        for plan_id in plan_ids:
            person = self.started(plan_id).person_ref
            if person not in reached:
                reached[person] = reaches(reader, self.restricted_to(person))
            if not reached[person]:
                withheld.add(plan_id)
        return frozenset(withheld)

    def restriction(self, person_ref: str) -> restricting.RecordRestriction | None:
        """The restriction on a person's records as stored now, if they were ever
        restricted."""
        try:
            found: restricting.RecordRestriction = self._latest(
                restricting.RecordRestriction.create_id(person_ref)
            )
        except AggregateNotFoundError:
            return None
        self._restrictions.remember(person_ref, found.named, found.version, self.clock_seconds())
        return found

    def restricted_to(self, person_ref: str) -> frozenset[str] | None:
        """Whom a person's records are restricted to (None: not restricted), as this
        process read it at most ``RESTRICTIONS_FRESH_SECONDS`` ago (at once, where it
        was changed here). See docs/decisions/0009-restrictions-read-once-a-second.md."""
        now = self.clock_seconds()
        known = self._restrictions.get(person_ref, now)
        if known is not None:
            return known[0]
        restriction = self.restriction(person_ref)
        if restriction is None:
            self._restrictions.remember(person_ref, None, 0, now)
            return None
        return restriction.named

    def require_reach(self, actor: Actor, person_ref: str, what: str) -> None:
        """Refuses where the person's records are restricted to staff not including
        ``actor`` (DESIGN-restricted)."""
        if not reaches(actor, self.restricted_to(person_ref)):
            raise RecordRestricted(what)

    def restrict(self, command: restricting.Restrict | restricting.Lift) -> int:
        """Restricts a person's records to named staff, changes who is named, or lifts the
        restriction; the restriction's new version."""
        for attempt in (1, 2):  # once more, on the latest, if another change came first
            current = self.restriction(command.person_ref)
            if isinstance(command, restricting.Lift):
                changed = restricting.lift(current, command, self.clock())
            else:
                changed = restricting.restrict(current, command, self.clock())
            try:
                self.save(changed)
            except IntegrityError:
                if attempt == 2:
                    raise
                continue
            break
        self._restrictions.remember(command.person_ref, changed.named, changed.version,
                                    self.clock_seconds())  # fmt: skip
        return changed.version

    def complaint(self, complaint_ref: str) -> complaining.Complaint:
        self.require_not_erased(complaining.Complaint.create_id(complaint_ref))
        try:
            found: complaining.Complaint = self._latest(
                complaining.Complaint.create_id(complaint_ref)
            )
        except AggregateNotFoundError:
            raise ComplaintNotFound(complaint_ref) from None
        return found

    def complain(self, command: complaining.Command) -> tuple[complaining.Complaint, int]:
        """Records a complaint, or a step in its handling (CMP-1 to CMP-5); the complaint
        as saved, and its event's position in the store. The person's restriction
        applies, as to any decision on their records."""
        what = complaining.WHAT[type(command)]
        for attempt in (1, 2):  # once more, on the latest, if another step came first
            if isinstance(command, complaining.Receive):
                where = self._complaint_on(command)
                self.require_reach(command.actor, command.person_ref, what)
                if self._exists(complaining.Complaint.create_id(command.complaint_ref)):
                    raise ComplaintExists(command.complaint_ref)
                changed = complaining.receive(command, where, self.clock())
            else:
                current = self.complaint(command.complaint_ref)
                self.require_reach(command.actor, current.person_ref, what)
                changed = complaining.handle(current, command, self.clock())
            try:
                recordings = self.save(changed)
            except IntegrityError:
                if isinstance(command, complaining.Receive):  # recorded by a racing request
                    raise ComplaintExists(command.complaint_ref) from None
                if attempt == 2:
                    raise
                continue
            return changed, recordings[-1].notification.id
        raise AssertionError("unreachable")

    def _complaint_on(self, command: complaining.Receive) -> complaining.Where | None:
        """What the store says of the plan a complaint names, if it names one."""
        if command.plan_id is None:
            return None
        started = self.started(command.plan_id)
        if started.person_ref != command.person_ref:
            raise RuleBroken("record a complaint", [Failure(
                "CMP-1", "person_ref", "the plan is another person's")])  # fmt: skip
        budget = self._get_budget(PersonalBudget.create_id(command.plan_id), None)
        return complaining.Where(started.person_ref, started.team, started.occurred_at,
                                 self.plan(command.plan_id).version, budget.version)  # fmt: skip

    def _exists(self, aggregate_id: UUID) -> bool:
        return next(iter(self.events.get(aggregate_id, limit=1)), None) is not None

    def log_read(self, reader: Actor, read: ReadOf, purpose: str | None) -> int:
        """Appends an entry to the access log; returns its position in the store."""
        # the entry's event, not the aggregate: saved aggregates are cached, and entries
        # are never read back here
        recordings = self.save(*RecordsRead.log(reader, read, purpose).collect_events())
        return recordings[-1].notification.id

    # --- plumbing -----------------------------------------------------------------------

    def project(self, aggregate: Any, domain_events: Iterable[Any]) -> Any:
        """Each event mutates the aggregate in turn (the library's projector)."""
        return project_aggregate(aggregate, domain_events)

    def _cross_team(self, actor: Actor, plan: Plan, cross_team: str | None,
                    what: str) -> tuple[Any, ...]:  # fmt: skip
        """Refuses a decision on another team's plan where the policy keeps the actor to
        their own; one made on a cross-team reason saves that reason in the access log,
        in the same transaction (DESIGN-scope)."""
        if not require_in_scope(actor, plan.team, self.policy.team_scoped, cross_team, what,
                                self.directory()):  # fmt: skip
            return ()
        return self._crossing_logged(actor, plan, cross_team, what)

    @staticmethod
    def _crossing_logged(actor: Actor, plan: Plan, cross_team: str | None,
                         what: str) -> tuple[Any, ...]:  # fmt: skip
        read = ReadOf("cross-team decision", (plan.id,), plan.person_ref, what)
        return tuple(RecordsRead.log(actor, read, cross_team).collect_events())

    def _rule_for(self, command: Any) -> DecisionRule:
        """The command's rules, once its actor is known to hold a role that may make it."""
        try:
            entry = DECISIONS[type(command)]
        except KeyError:
            raise TypeError(f"no decision takes a {type(command).__name__}") from None
        require_role(command.actor, decision_name(command), entry.roles, entry.rule)
        return entry

    def _made(
        self,
        plan_id: UUID,
        expected_version: int,
        command: Any,
        entry: DecisionRule,
        cross_team: str | None,
        *,
        cached: bool,
    ) -> tuple[Plan, tuple[Any, ...]]:
        """The decision made on copies of the plan and, when it reads it, the budget:
        what it changed, to be saved."""
        self.require_not_erased(plan_id)
        load = self._cached if cached else self._latest
        try:
            plan: Plan = load(plan_id)
        except AggregateNotFoundError:
            raise PlanNotFound(plan_id) from None
        # another team's plan is refused before anything about it is told (its version,
        # its state, what its rules would say)
        what = decision_name(command) if self.policy.team_scoped else ""  # named if refused
        directory = self.directory()
        crossed = require_in_scope(command.actor, plan.team, self.policy.team_scoped,
                                   cross_team, what, directory)  # fmt: skip
        self.require_reach(command.actor, plan.person_ref, decision_name(command))
        if plan.version != expected_version:
            if cached:
                raise _CacheBehind
            raise StaleVersion(plan_id, expected_version, plan.version)
        ctx = Context(self.clock(), self.policy, lambda: load(PersonalBudget.create_id(plan_id)),
                      directory)  # fmt: skip
        try:
            entry.decide(plan, command, ctx)
        except Exception:
            if cached:  # refused (or failed) on the store's state, not the cache's
                raise _CacheBehind from None
            raise
        changed = (ctx.budget,) if ctx.budget_loaded else ()
        if cached and any(self._moved_on(a) for a in (plan, *changed) if not a.pending_events):
            raise _CacheBehind
        logged = self._crossing_logged(command.actor, plan, cross_team, what) if crossed else ()
        return plan, (*changed, *logged)

    def _cached(self, aggregate_id: UUID) -> Any:
        """A copy of the aggregate as this process last saved or read it (from the store
        when it is not cached)."""
        return self.repository.get(aggregate_id, projector_func=self.project)

    def _latest(self, aggregate_id: UUID) -> Any:
        """A copy of the aggregate as stored now: the cached copy brought up to date
        (another process may have decided since)."""
        aggregate = self._cached(aggregate_id)
        return self.project(aggregate, self.events.get(aggregate_id, gt=aggregate.version))

    def _moved_on(self, aggregate: Any) -> bool:
        """Whether the store holds an event of the aggregate after the cached copy."""
        later = self.events.get(aggregate.id, gt=aggregate.version, limit=1)
        return next(iter(later), None) is not None

    def _get_budget(self, budget_id: UUID, version: int | None) -> PersonalBudget:
        budget: PersonalBudget = (
            self._latest(budget_id)
            if version is None
            else self.repository.get(budget_id, version=version, projector_func=self.project)
        )
        return budget

    def _commit(
        self,
        plan: Plan,
        *others: Any,  # the budget, and a cross-team decision's entry in the access log
        key: RequestKey | None = None,
        conflict: type[Exception] | None = None,
    ) -> Recorded:
        expected = plan.version - len(plan.pending_events)
        try:
            recordings = self.save(plan, *others, *self._answer(key, plan))
        except IntegrityError:
            if (answered := self._answered(key)) is not None:
                return answered  # the same request, saved by a racing retry
            if conflict is not None:
                raise conflict from None
            raise StaleVersion(plan.id, expected, None) from None
        return Recorded(plan.id, plan.version, plan.status, recordings[-1].notification.id)

    def _commit_together(
        self, staged: Sequence[tuple[int, Plan, tuple[Any, ...], RequestKey | None]]
    ) -> dict[int, Recorded | Exception]:
        """The staged decisions saved in one transaction; none when it conflicts (each is
        then decided alone); each told of a failure of the store."""
        saving = ((plan, *others, *self._answer(key, plan)) for _, plan, others, key in staged)
        try:
            recordings = self.save(*chain.from_iterable(saving))
        except IntegrityError:
            return {}
        except Exception as exc:
            return {i: exc for i, *_ in staged}
        last = {r.domain_event.originator_id: r.notification.id for r in recordings}
        answers: dict[int, Recorded | Exception] = {}
        for i, plan, others, key in staged:
            ids = (getattr(o, "id", None) or o.originator_id for o in others)
            saved = (plan.id, *ids, *((key.id,) if key else ()))
            position = max(last.get(saved_id, 0) for saved_id in saved)
            answers[i] = Recorded(plan.id, plan.version, plan.status, position)
        return answers

    def _answer(self, key: RequestKey | None, plan: Plan) -> tuple[Any, ...]:
        """What a keyed request saves with its decision: the answer's event, not the
        aggregate (saved aggregates are cached, and answers are read only by retries)."""
        if key is None:
            return ()
        answer = KeyedRequest.answer(key, plan.id, plan.version, plan.status, self.clock())
        return tuple(answer.collect_events())

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


class _CacheBehind(Exception):
    """A decision on cached copies that must be made again on the store's state."""


def _decision_order(domain_event: Any) -> tuple[int, int, int]:
    """Plan events by version; a budget event right after the plan event it was saved
    with (it records that plan version)."""
    if isinstance(domain_event, PersonalBudget.Decision):
        return (domain_event.plan_version, 1, domain_event.originator_version)
    return (domain_event.originator_version, 0, 0)


def decision_name(command: Any) -> str:
    """``SignOff`` -> ``sign off``: how a refusal names the decision."""
    return re.sub(r"(?<!^)(?=[A-Z])", " ", type(command).__name__).lower()
