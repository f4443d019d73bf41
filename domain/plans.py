"""A care and support plan or a carer's support plan (KIND-1), from the first draft to
sign-off. Public methods check and refuse; the ``@event`` appliers only mutate, since
they run again on every replay."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from eventsourcing.domain import Aggregate, event

from domain.actors import Actor
from domain.budgets import PersonalBudget
from domain.commands import (
    ProvideInformation,
    RecordDraft,
    RequestInformation,
    ReturnPlan,
    SetIndicativeBudget,
    SignOff,
    StartPlan,
    Submit,
)
from domain.draft import Draft, PreparedBy
from domain.errors import DecisionNotAllowed, Failure, refuse_if
from domain.grounds import Justification, Notice, Recipient, ReturnReason
from domain.kinds import PlanBasis, PlanKind, PlanStatus
from domain.rules.authority import PLANNERS, SIGNERS, independence_failures, require_role
from domain.rules.budget import contributions_failures, costing_failures, indicative_failures
from domain.rules.content import (
    completeness_failures,
    draft_structure_failures,
    justification_failures,
)
from domain.rules.returns import return_failures
from domain.rules.sign_off import (
    answers_failures,
    criteria_failures,
    direct_payment_failures,
    preferences_failures,
)
from domain.rules.text import blank
from domain.rules.timing import occurred_at_failures
from domain.sign_off import Answer, DirectPaymentDecision, SignOffCriteria

STATE_MACHINE = "DESIGN-state-machine"
OPEN_FOR_PLANNING = frozenset({PlanStatus.STARTED, PlanStatus.DRAFT, PlanStatus.RETURNED})


@dataclass(frozen=True)
class LastReturn:
    round: int
    reasons: tuple[ReturnReason, ...]
    suggested_steps: tuple[str, ...]


class Plan(Aggregate):
    TOPIC = "careledger:Plan"

    class Event(Aggregate.Event):
        TOPIC = "careledger:Plan.Event"

    class Created(Event, Aggregate.Created):
        """Never recorded: declared so the library does not define one that borrows the
        ``Event`` topic. The first event is ``Started``."""

        TOPIC = "careledger:Plan.Created"

    class Decision(Event):
        TOPIC = "careledger:Plan.Decision"
        actor: Actor
        occurred_at: datetime

    class Started(Decision, Aggregate.Created):
        TOPIC = "careledger:Plan.Started"
        class_version = 1
        kind: PlanKind
        basis: PlanBasis
        person_ref: str
        team: str

    class IndicativeBudgetShared(Decision):
        TOPIC = "careledger:Plan.IndicativeBudgetShared"
        class_version = 1
        weekly_amount: Decimal
        shared_with: Recipient
        shared_how: str

    class DraftRecorded(Decision):
        TOPIC = "careledger:Plan.DraftRecorded"
        class_version = 1
        revision: int
        draft: Draft
        prepared_by: PreparedBy

    class Submitted(Decision):
        TOPIC = "careledger:Plan.Submitted"
        class_version = 1
        round: int
        proposed_weekly: Decimal
        indicative_weekly: Decimal
        justification: Justification | None

    class InformationRequested(Decision):
        TOPIC = "careledger:Plan.InformationRequested"
        class_version = 1
        questions: tuple[str, ...]

    class InformationProvided(Decision):
        TOPIC = "careledger:Plan.InformationProvided"
        class_version = 1
        response: str
        evidence_refs: tuple[str, ...]

    class Returned(Decision):
        TOPIC = "careledger:Plan.Returned"
        class_version = 1
        round: int
        reasons: tuple[ReturnReason, ...]
        explanation: str
        suggested_steps: tuple[str, ...]
        returned_to: str
        notice: Notice

    class SignedOff(Decision):
        TOPIC = "careledger:Plan.SignedOff"
        class_version = 1
        round: int
        criteria: SignOffCriteria
        preferences_and_wellbeing: str
        answers: tuple[Answer, ...]
        direct_payment: DirectPaymentDecision | None
        final_weekly: Decimal
        notice: Notice

    # --- starting -----------------------------------------------------------------

    @classmethod
    def start(cls, command: StartPlan, now: datetime) -> "Plan":
        require_role(command.actor, "start a plan", PLANNERS, STATE_MACHINE)
        failures = occurred_at_failures(command.occurred_at, now, None)
        failures += [
            Failure("KIND-1", name, "must not be blank")
            for name in ("person_ref", "team")
            if blank(getattr(command, name))
        ]
        refuse_if("start a plan", failures)
        return cls(
            actor=command.actor,
            occurred_at=command.occurred_at or now,
            kind=command.kind,
            basis=command.basis,
            person_ref=command.person_ref,
            team=command.team,
        )

    @event(Started)
    def __init__(
        self,
        actor: Actor,
        occurred_at: datetime,
        kind: PlanKind,
        basis: PlanBasis,
        person_ref: str,
        team: str,
    ) -> None:
        self.kind = kind
        self.basis = basis
        self.person_ref = person_ref
        self.team = team
        self.started_at = occurred_at
        self.status = PlanStatus.STARTED
        self.indicative_shared = False
        self.draft: Draft | None = None
        self.prepared_by: PreparedBy | None = None
        self.preparers: frozenset[str] = frozenset()
        self.revision = 0
        self.round = 0
        self.submitted_by: str | None = None
        self.submitters: frozenset[str] = frozenset()
        self.open_questions: tuple[str, ...] = ()
        self.last_return: LastReturn | None = None
        self.signed_off_version: int | None = None
        self.notices: tuple[Notice, ...] = ()

    # --- the indicative budget (BUD-2) --------------------------------------------

    def share_indicative_budget(self, command: SetIndicativeBudget, now: datetime) -> None:
        decision = "set the indicative budget"
        self._require_status(decision, OPEN_FOR_PLANNING, "BUD-2")
        require_role(command.actor, decision, PLANNERS, STATE_MACHINE)
        refuse_if(
            decision,
            self._timing(command.occurred_at, now)
            + indicative_failures(
                command.weekly_amount, command.cost_assumptions, command.shared_how
            ),
        )
        self._indicative_budget_shared(
            actor=command.actor,
            occurred_at=command.occurred_at or now,
            weekly_amount=command.weekly_amount,
            shared_with=command.shared_with,
            shared_how=command.shared_how,
        )

    @event(IndicativeBudgetShared)
    def _indicative_budget_shared(
        self,
        actor: Actor,
        occurred_at: datetime,
        weekly_amount: Decimal,
        shared_with: Recipient,
        shared_how: str,
    ) -> None:
        self.indicative_shared = True

    # --- drafting -------------------------------------------------------------------

    def record_draft(self, command: RecordDraft, now: datetime) -> None:
        decision = "record a draft"
        self._require_status(decision, OPEN_FOR_PLANNING, STATE_MACHINE)
        require_role(command.actor, decision, PLANNERS, STATE_MACHINE)
        failures = self._timing(command.occurred_at, now)
        failures += draft_structure_failures(command.draft)
        failures += costing_failures(command.costing, self.basis, command.draft.need_refs)
        if blank(command.prepared_by.ref):
            failures.append(Failure("SIGN-8", "prepared_by.ref", "must say who prepared it"))
        refuse_if(decision, failures)
        self._draft_recorded(
            actor=command.actor,
            occurred_at=command.occurred_at or now,
            revision=self.revision + 1,
            draft=command.draft,
            prepared_by=command.prepared_by,
        )

    @event(DraftRecorded)
    def _draft_recorded(
        self,
        actor: Actor,
        occurred_at: datetime,
        revision: int,
        draft: Draft,
        prepared_by: PreparedBy,
    ) -> None:
        self.status = PlanStatus.DRAFT
        self.revision = revision
        self.draft = draft
        self.prepared_by = prepared_by
        self.preparers = self.preparers | {actor.id, prepared_by.ref}

    # --- submission (CNT-1, CNT-5, RET-2) -------------------------------------------

    def submit(self, command: Submit, now: datetime, budget: PersonalBudget) -> None:
        decision = "submit the plan"
        self._require_status(decision, {PlanStatus.DRAFT, PlanStatus.RETURNED}, STATE_MACHINE)
        require_role(command.actor, decision, PLANNERS, STATE_MACHINE)
        indicative_known = self.indicative_shared and budget.indicative is not None
        failures = self._timing(command.occurred_at, now)
        failures += completeness_failures(self.draft, budget.proposed, indicative_known, self.basis)
        failures += justification_failures(
            budget.proposed_weekly, budget.indicative_weekly, command.justification
        )
        refuse_if(decision, failures)
        assert budget.proposed_weekly is not None
        assert budget.indicative_weekly is not None
        self._submitted(
            actor=command.actor,
            occurred_at=command.occurred_at or now,
            round=self.round + 1,
            proposed_weekly=budget.proposed_weekly,
            indicative_weekly=budget.indicative_weekly,
            justification=command.justification,
        )

    @event(Submitted)
    def _submitted(
        self,
        actor: Actor,
        occurred_at: datetime,
        round: int,
        proposed_weekly: Decimal,
        indicative_weekly: Decimal,
        justification: Justification | None,
    ) -> None:
        self.status = PlanStatus.SUBMITTED
        self.round = round
        self.submitted_by = actor.id
        self.submitters = self.submitters | {actor.id}

    # --- further information (SIGN-5) -----------------------------------------------

    def request_information(self, command: RequestInformation, now: datetime) -> None:
        decision = "request information"
        self._require_status(decision, {PlanStatus.SUBMITTED}, "SIGN-5")
        require_role(command.actor, decision, SIGNERS, "SIGN-6")
        failures = self._timing(command.occurred_at, now) + self._independence(command.actor)
        if not command.questions or any(blank(q) for q in command.questions):
            failures.append(
                Failure(
                    "SIGN-5", "questions", "say what information is needed, question by question"
                )
            )
        refuse_if(decision, failures)
        self._information_requested(
            actor=command.actor,
            occurred_at=command.occurred_at or now,
            questions=command.questions,
        )

    @event(InformationRequested)
    def _information_requested(
        self, actor: Actor, occurred_at: datetime, questions: tuple[str, ...]
    ) -> None:
        self.status = PlanStatus.INFORMATION_REQUESTED
        self.open_questions = questions

    def provide_information(self, command: ProvideInformation, now: datetime) -> None:
        decision = "provide information"
        self._require_status(decision, {PlanStatus.INFORMATION_REQUESTED}, "SIGN-5")
        require_role(command.actor, decision, PLANNERS, STATE_MACHINE)
        failures = self._timing(command.occurred_at, now)
        if blank(command.response):
            failures.append(Failure("SIGN-5", "response", "must answer the request"))
        refuse_if(decision, failures)
        self._information_provided(
            actor=command.actor,
            occurred_at=command.occurred_at or now,
            response=command.response,
            evidence_refs=command.evidence_refs,
        )

    @event(InformationProvided)
    def _information_provided(
        self, actor: Actor, occurred_at: datetime, response: str, evidence_refs: tuple[str, ...]
    ) -> None:
        self.status = PlanStatus.SUBMITTED
        self.open_questions = ()

    # --- return with reasons (RET-1, RET-3, COMP-1) --------------------------------

    def return_to_practitioner(self, command: ReturnPlan, now: datetime) -> None:
        decision = "return the plan"
        self._require_status(decision, {PlanStatus.SUBMITTED}, "SIGN-1")
        require_role(command.actor, decision, SIGNERS, "SIGN-6")
        failures = self._timing(command.occurred_at, now) + self._independence(command.actor)
        failures += return_failures(
            command.reasons, command.explanation, command.suggested_steps, command.right_to_complain
        )
        refuse_if(decision, failures)
        assert self.submitted_by is not None
        self._returned(
            actor=command.actor,
            occurred_at=command.occurred_at or now,
            round=self.round,
            reasons=command.reasons,
            explanation=command.explanation,
            suggested_steps=command.suggested_steps,
            returned_to=self.submitted_by,
            notice=Notice("returned", self.version + 1, command.notify, right_to_complain=True),
        )

    @event(Returned)
    def _returned(
        self,
        actor: Actor,
        occurred_at: datetime,
        round: int,
        reasons: tuple[ReturnReason, ...],
        explanation: str,
        suggested_steps: tuple[str, ...],
        returned_to: str,
        notice: Notice,
    ) -> None:
        self.status = PlanStatus.RETURNED
        self.last_return = LastReturn(round, reasons, suggested_steps)
        self.notices = (*self.notices, notice)

    # --- sign-off (SIGN-1..6, DP-1..5, BUD-3..5, BUD-9) ---------------------------

    def sign_off(self, command: SignOff, now: datetime, budget: PersonalBudget) -> None:
        decision = "sign off the plan"
        self._require_status(decision, {PlanStatus.SUBMITTED}, "SIGN-1")
        require_role(command.actor, decision, SIGNERS, "SIGN-6")
        costing = budget.proposed
        assert costing is not None  # a submitted plan always has one (CNT-1)
        failures = self._timing(command.occurred_at, now) + self._independence(command.actor)
        failures += criteria_failures(command.criteria)
        failures += preferences_failures(command.preferences_and_wellbeing)
        failures += answers_failures(command.answers)
        failures += direct_payment_failures(costing, command.direct_payment)
        failures += contributions_failures(
            command.contributions.person,
            command.contributions.authority,
            costing.weekly_cost,
            self.kind,
            self.basis,
        )
        refuse_if(decision, failures)
        self._signed_off(
            actor=command.actor,
            occurred_at=command.occurred_at or now,
            round=self.round,
            criteria=command.criteria,
            preferences_and_wellbeing=command.preferences_and_wellbeing,
            answers=command.answers,
            direct_payment=command.direct_payment,
            final_weekly=costing.weekly_cost,
            notice=Notice("signed_off", self.version + 1, command.notify, right_to_complain=False),
        )

    @event(SignedOff)
    def _signed_off(
        self,
        actor: Actor,
        occurred_at: datetime,
        round: int,
        criteria: SignOffCriteria,
        preferences_and_wellbeing: str,
        answers: tuple[Answer, ...],
        direct_payment: DirectPaymentDecision | None,
        final_weekly: Decimal,
        notice: Notice,
    ) -> None:
        self.status = PlanStatus.SIGNED_OFF
        self.signed_off_version = self.version + 1
        self.notices = (*self.notices, notice)

    # --- helpers --------------------------------------------------------------------

    def _require_status(self, decision: str, allowed: Iterable[PlanStatus], rule: str) -> None:
        allowed = frozenset(allowed)
        if self.status not in allowed:
            raise DecisionNotAllowed(decision, self.status.value, (s.value for s in allowed), rule)

    def _timing(self, occurred_at: datetime | None, now: datetime) -> list[Failure]:
        return occurred_at_failures(occurred_at, now, self.started_at)

    def _independence(self, actor: Actor) -> list[Failure]:
        return independence_failures(actor, self.submitters, self.preparers)
