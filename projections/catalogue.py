"""The service's read models, made for the authority's policy."""

from domain.policy import Policy
from projections.complaints import Complaints
from projections.facts import PlanFacts
from projections.queues import WorkQueues
from projections.rows import ReadModel


def read_models(policy: Policy) -> tuple[ReadModel, ...]:
    """The work queues, the plan facts behind the reports, and the complaints' clocks."""
    return (WorkQueues(policy.delegation), PlanFacts(), Complaints())
