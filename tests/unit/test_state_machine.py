"""Random sequences of commands, valid and not, never reach an illegal state, and a
refused command adds no event."""

from dataclasses import replace
from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from domain.actors import Actor
from domain.application import CarePlanning
from domain.deciding import ReturnReason
from domain.deciding import decisions as deciding
from domain.drafting import decisions as drafting
from domain.errors import CareledgerError
from domain.kinds import PlanBasis, PlanKind, PlanStatus
from domain.money import pence
from domain.plan.aggregate import Plan
from tests import builders as b
from tests.conftest import memory_planning

# Mostly the right people and well-formed commands, so that plans get far; sometimes not.
PLANNERS = st.sampled_from([b.PRACTITIONER] * 8 + [b.OTHER_PRACTITIONER, b.SIGNER, b.ADVOCATE])
SIGNERS = st.sampled_from([b.SIGNER] * 8 + [b.PRACTITIONER, b.ADVOCATE])
MOSTLY = st.sampled_from([True] * 4 + [False])
RARELY = st.sampled_from([False] * 6 + [True])


class PlanLife(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.planning: CarePlanning = memory_planning()
        self.refused = 0

    @initialize(kind=st.sampled_from(PlanKind), basis=st.sampled_from(PlanBasis))
    def start(self, kind: PlanKind, basis: PlanBasis) -> None:
        recorded = self.planning.start_plan(b.start(kind, basis))
        self.plan_id, self.version = recorded.plan_id, recorded.version

    def attempt(self, command: Any, stale: bool = False) -> None:
        before = self.planning.history(self.plan_id)
        status = self.planning.plan(self.plan_id).status
        version = self.version - 1 if stale else self.version
        try:
            recorded = self.planning.decide(self.plan_id, version, command)
        except CareledgerError as exc:
            refusal = f"{type(exc).__name__} {getattr(exc, 'obligations', '')}"
            event(f"refused {type(command).__name__}: {refusal}")
            self.refused += 1
            assert self.planning.history(self.plan_id) == before
            assert self.planning.plan(self.plan_id).status is status
            return
        assert not stale
        assert recorded.version > self.version
        self.version = recorded.version

    @rule(actor=PLANNERS, amount=st.decimals("0", "500", places=2), stale=RARELY)
    def set_indicative(self, actor: Actor, amount: Decimal, stale: bool) -> None:
        command = replace(b.indicative(str(amount)), actor=actor)
        self.attempt(command, stale)

    @rule(actor=PLANNERS, hours=st.integers(0, 20), complete=MOSTLY, dp=RARELY)
    def record_draft(self, actor: Actor, hours: int, complete: bool, dp: bool) -> None:
        draft = b.draft()
        if not complete:
            draft = replace(draft, contingency=(), outcomes=())
        if self.planning.plan(self.plan_id).basis is PlanBasis.POWER:
            draft = replace(draft, needs=tuple(replace(n, eligible=False) for n in draft.needs))
        costing = b.direct_payment_costing() if dp else b.costing(weekly_hours=str(hours))
        self.attempt(replace(b.record_draft(costing, draft), actor=actor))

    @rule(actor=PLANNERS, justified=MOSTLY)
    def submit(self, actor: Actor, justified: bool) -> None:
        self.attempt(replace(b.submit(justified), actor=actor))

    @rule(actor=SIGNERS)
    def request_information(self, actor: Actor) -> None:
        self.attempt(replace(b.request_information(), actor=actor))

    @rule(actor=PLANNERS, answered=MOSTLY)
    def provide_information(self, actor: Actor, answered: bool) -> None:
        command = replace(b.provide_information(), actor=actor)
        self.attempt(command if answered else replace(command, response=""))

    @rule(actor=SIGNERS, reasons=st.sets(st.sampled_from(ReturnReason)), told=MOSTLY)
    def return_plan(self, actor: Actor, reasons: set[ReturnReason], told: bool) -> None:
        command = replace(b.return_plan(), actor=actor, right_to_complain=told)
        self.attempt(replace(command, reasons=tuple(reasons)))

    @rule(actor=SIGNERS, share=st.decimals("0", "1", places=2), exact=MOSTLY, dp_checked=MOSTLY)
    def sign_off(self, actor: Actor, share: Decimal, exact: bool, dp_checked: bool) -> None:
        plan, budget = self.planning.plan(self.plan_id), self.planning.budget(self.plan_id)
        cost = budget.proposed_weekly or Decimal("0.00")
        if plan.basis is PlanBasis.SELF_FUNDER_REQUEST:
            person = cost
        elif plan.kind is PlanKind.CARER_SUPPORT:
            person = Decimal("0.00")
        else:
            person = pence(cost * share)
        authority = cost - person if exact else cost - person + Decimal("1.00")
        has_dp = budget.proposed is not None and budget.proposed.split.includes_direct_payment
        decision = b.direct_payment_decision() if has_dp == dp_checked else None
        self.attempt(b.sign_off(str(person), str(authority), decision, signer=actor))

    @invariant()
    def note_where_the_plan_stands(self) -> None:
        event(f"status: {self.planning.plan(self.plan_id).status.value}")

    @invariant()
    def version_counts_the_plans_events(self) -> None:
        plan_events = [e for e in self.planning.history(self.plan_id) if isinstance(e, Plan.Event)]
        assert len(plan_events) == self.version == self.planning.plan(self.plan_id).version

    @invariant()
    def a_signed_off_plan_has_an_agreed_budget_equal_to_its_draft_cost(self) -> None:
        plan, budget = self.planning.plan(self.plan_id), self.planning.budget(self.plan_id)
        if plan.status is PlanStatus.SIGNED_OFF:
            assert budget.agreed is not None
            assert budget.proposed is not None
            assert budget.agreed.cost == budget.proposed.weekly_cost
            assert budget.agreed.contributions.total == budget.agreed.cost
            assert plan.signed_off_version is not None
        else:
            assert budget.agreed is None

    @invariant()
    def a_plan_under_consideration_is_complete(self) -> None:
        plan, budget = self.planning.plan(self.plan_id), self.planning.budget(self.plan_id)
        if plan.status in {PlanStatus.SUBMITTED, PlanStatus.INFORMATION_REQUESTED,
                           PlanStatus.SIGNED_OFF}:  # fmt: skip
            assert plan.draft is not None
            assert budget.indicative is not None
            assert plan.draft.contingency
            assert plan.round >= 1

    @invariant()
    def every_return_carries_a_notice_with_the_right_to_complain(self) -> None:
        history = self.planning.history(self.plan_id)
        returns = [e for e in history if isinstance(e, deciding.Returned)]
        assert all(r.reasons and r.suggested_steps and r.notice.right_to_complain for r in returns)
        for r in returns:
            assert r.actor.id not in {
                e.actor.id for e in history if isinstance(e, drafting.Submitted)
            }

    def teardown(self) -> None:
        self.planning.close()


PlanLife.TestCase.settings = settings(
    max_examples=100,
    stateful_step_count=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
TestPlanLife = PlanLife.TestCase
