"""Decisions made by calling the application in process, with no HTTP: the same decision
the load generator asks for, on ten plans in turn. Between the raw library's saves and the
HTTP figures, it shows what the rules and the richer events cost, and what HTTP does."""

import time
from pathlib import Path
from uuid import UUID

from eventsourcing.persistence import Mapper

from api.schemas.drafting import IndicativeBudgetRequest
from api.schemas.planning import StartPlanRequest
from domain.actors import Actor, Role
from domain.application import CarePlanning
from store.application import ServicePlanning
from tests import builders as b
from tests.bench.baseline import sqlite_env
from tests.bench.load import INDICATIVE, START


class UnsealedPlanning(ServicePlanning):
    """The service's application with the library's mapper: each event stored whole, as
    before personal fields were sealed. For measuring what sealing costs, only."""

    def construct_mapper(self) -> Mapper[UUID]:
        return CarePlanning.construct_mapper(self)


def decisions_per_second(path: Path, decisions: int, sealed: bool = True) -> float:
    application = ServicePlanning if sealed else UnsealedPlanning
    planning = application(sqlite_env(path), directory=b.directory)
    actor = Actor("staff-1001", Role.PRACTITIONER, team=START["team"])
    plans = [planning.start_plan(StartPlanRequest.model_validate(START).to_command(actor))
             for _ in range(10)]  # fmt: skip
    versions = {p.plan_id: p.version for p in plans}
    began = time.perf_counter()
    for i in range(decisions):
        plan_id = plans[i % len(plans)].plan_id
        command = IndicativeBudgetRequest.model_validate(INDICATIVE).to_command(actor)
        versions[plan_id] = planning.decide(plan_id, versions[plan_id], command).version
    seconds = time.perf_counter() - began
    planning.close()
    return decisions / seconds
