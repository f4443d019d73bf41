"""The service's read models, made for the authority's policy."""

from domain.policy import Policy
from projections.facts import PlanFacts
from projections.queues import WorkQueues
from projections.rows import ReadModel


def read_models(policy: Policy) -> tuple[ReadModel, ...]:
    """The work queues and the plan facts behind the reports."""
    return (WorkQueues(policy.delegation), PlanFacts())
