"""Returning a plan with reasons (RET-1) and telling the person (RET-3, COMP-1)."""

from domain.errors import Failure
from domain.grounds import ReturnReason
from domain.rules.text import blank


def return_failures(
    reasons: tuple[ReturnReason, ...],
    explanation: str,
    suggested_steps: tuple[str, ...],
    right_to_complain: bool,
) -> list[Failure]:
    failures = []
    if not reasons:
        failures.append(Failure("RET-1", "reasons", "at least one reason is required"))
    if blank(explanation):
        failures.append(Failure("RET-1", "explanation", "the reasons must be explained"))
    if not suggested_steps:
        failures.append(
            Failure("RET-1", "suggested_steps", "at least one step to resolve them is required")
        )
    failures += [
        Failure("RET-1", f"suggested_steps[{i}]", "must not be blank")
        for i, step in enumerate(suggested_steps)
        if blank(step)
    ]
    if not right_to_complain:
        failures.append(
            Failure(
                "COMP-1",
                "right_to_complain",
                "the person must be told of their right to complain about a return",
            )
        )
    return failures
