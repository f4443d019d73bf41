"""What a decision may consult besides the plan: the time, local policy, the staff
directory, and the plan's budget (read, or changed by the decisions that change it; then
saved with the plan)."""

from collections.abc import Callable
from datetime import datetime
from functools import cached_property
from typing import Any, Protocol

from domain.actors import Actor
from domain.budget.aggregate import PersonalBudget
from domain.directory import Directory
from domain.plan.aggregate import Plan
from domain.policy import Policy


class Command(Protocol):
    @property
    def actor(self) -> Actor: ...

    @property
    def occurred_at(self) -> datetime | None: ...


class Context:
    def __init__(
        self,
        now: datetime,
        policy: Policy,
        load_budget: Callable[[], PersonalBudget],
        directory: Directory | None = None,
    ) -> None:
        self.now = now
        self.policy = policy
        self.directory = directory or Directory()
        self._load_budget = load_budget

    @cached_property
    def budget(self) -> PersonalBudget:
        return self._load_budget()

    @property
    def budget_loaded(self) -> bool:
        return "budget" in self.__dict__

    def when(self, command: Command) -> datetime:
        """When the decision happened: as the command says, else now."""
        return command.occurred_at or self.now


Decide = Callable[[Plan, Any, Context], None]
