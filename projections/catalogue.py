"""The service's read models, made for the authority's policy."""

from domain.policy import Policy
from projections.complaints import Complaints
from projections.facts import PlanFacts
from projections.queues import WorkQueues
from projections.retention import Retention
from projections.rows import ReadModel


def read_models(policy: Policy) -> tuple[ReadModel, ...]:
    """The work queues, the plan facts behind the reports, the complaints' clocks, and
    when each person's care ended (for retention)."""
    return (WorkQueues(policy.delegation), PlanFacts(), Complaints(), Retention())
