"""The Plan aggregate (``aggregate``) and its decisions, one module per part of a plan's
life. Importing this package registers every plan event's topic."""

from domain.plan import deciding, drafting, information, starting
from domain.plan.aggregate import LastReturn, Plan

__all__ = ["LastReturn", "Plan", "deciding", "drafting", "information", "starting"]
