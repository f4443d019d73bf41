"""Fixtures named for roles and states. Unit tests use the in-memory store; integration
and end-to-end tests use a real SQLite file and a real server."""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from uuid import UUID

import pytest

from domain.application import CarePlanning, Recorded
from domain.budget.aggregate import PersonalBudget
from domain.kinds import PlanBasis, PlanKind
from domain.plan.aggregate import Plan
from tests import builders as b
from tests.postgres_server import PostgresServer


@dataclass
class PlanInProgress:
    """A plan being driven through its decisions, remembering its latest version."""

    planning: CarePlanning
    plan_id: UUID
    version: int

    def decide(self, command: Any) -> Recorded:
        recorded = self.planning.decide(self.plan_id, self.version, command)
        self.version = recorded.version
        return recorded

    @property
    def plan(self) -> Plan:
        return self.planning.plan(self.plan_id)

    @property
    def budget(self) -> PersonalBudget:
        return self.planning.budget(self.plan_id)

    def event_count(self) -> int:
        return len(self.planning.history(self.plan_id))


def memory_planning() -> CarePlanning:
    return CarePlanning(env={"PERSISTENCE_MODULE": "eventsourcing.popo"}, directory=b.directory)


@pytest.fixture
def planning() -> Iterator[CarePlanning]:
    app = memory_planning()
    yield app
    app.close()


def start(
    planning: CarePlanning,
    kind: PlanKind = PlanKind.CARE_AND_SUPPORT,
    basis: PlanBasis = PlanBasis.DUTY,
) -> PlanInProgress:
    recorded = planning.start_plan(b.start(kind, basis))
    return PlanInProgress(planning, recorded.plan_id, recorded.version)


def drafted(planning: CarePlanning, **draft: Any) -> PlanInProgress:
    case = start(planning)
    case.decide(b.indicative())
    case.decide(b.record_draft(**draft))
    return case


def submitted(planning: CarePlanning, **draft: Any) -> PlanInProgress:
    case = drafted(planning, **draft)
    case.decide(b.submit())
    return case


@pytest.fixture
def started_plan(planning: CarePlanning) -> PlanInProgress:
    return start(planning)


@pytest.fixture
def drafted_plan(planning: CarePlanning) -> PlanInProgress:
    return drafted(planning)


@pytest.fixture
def submitted_plan(planning: CarePlanning) -> PlanInProgress:
    return submitted(planning)


@pytest.fixture
def returned_plan(submitted_plan: PlanInProgress) -> PlanInProgress:
    submitted_plan.decide(b.return_plan())
    return submitted_plan


@pytest.fixture
def signed_off_plan(submitted_plan: PlanInProgress) -> PlanInProgress:
    submitted_plan.decide(b.sign_off())
    return submitted_plan


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """One throwaway PostgreSQL cluster for the whole run, started on first use."""
    server = PostgresServer.start()
    server.create_database()
    yield server
    server.stop()
