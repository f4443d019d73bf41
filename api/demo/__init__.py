"""Loads the demo cases into a store through the same request bodies the API takes."""

from api.demo.cases import Case, Step
from api.routers.plan_decisions import ROUTES
from api.schemas.planning import StartPlanRequest
from domain.actors import Actor, Role
from domain.application import CarePlanning, Recorded
from domain.directory import Directory

BODIES = {route.path: route.body for route in ROUTES}


def actor_of(step: Step, directory: Directory) -> Actor:
    """The step's actor as the service would know them: their level and team are the
    staff directory's, as over HTTP."""
    return directory.resolve(Actor(step.actor[0], Role(step.actor[1])))


def load_case(planning: CarePlanning, case: Case) -> Recorded:
    directory = planning.directory()
    first, *rest = case.steps
    assert first.decision == "start"
    recorded = planning.start_plan(
        StartPlanRequest.model_validate(first.body).to_command(actor_of(first, directory))
    )
    for step in rest:
        body = BODIES[step.decision].model_validate(step.body)
        command = body.to_command(actor_of(step, directory), step.ref)
        recorded = planning.decide(recorded.plan_id, recorded.version, command)
    return recorded
