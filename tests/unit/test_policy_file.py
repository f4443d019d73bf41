"""The local policy file (SIGN-7, BUD-13, BUD-15, CNT-7)."""

from decimal import Decimal
from pathlib import Path

import pytest
from pydantic import ValidationError

from api.policy_file import load_policy
from domain.policy import DEFAULT_SCHEME, Policy


def test_the_shipped_policy_file_is_the_default_policy() -> None:
    assert load_policy() == Policy(DEFAULT_SCHEME)


def test_a_policy_file_sets_the_levels_and_notice(tmp_path: Path) -> None:  # SIGN-7, BUD-15
    path = tmp_path / "policy.toml"
    path.write_text(
        "reduction_notice_weeks = 6\n"
        '[[delegation.levels]]\nname = "senior_practitioner"\nweekly_limit = "250.00"\n'
        '[[delegation.levels]]\nname = "panel"\npanel = true\n'
    )

    policy = load_policy(path)

    assert policy.reduction_notice_weeks == 6
    assert policy.delegation.required_for(Decimal("251.00")).name == "panel"


def test_a_policy_that_caps_budgets_is_refused(tmp_path: Path) -> None:  # BUD-13
    path = tmp_path / "policy.toml"
    path.write_text('[[delegation.levels]]\nname = "team_manager"\nweekly_limit = "600"\n')

    with pytest.raises(ValueError, match="no budget is capped"):
        load_policy(path)


def test_a_mistyped_policy_file_names_the_field(tmp_path: Path) -> None:
    path = tmp_path / "policy.toml"
    path.write_text('reduction_notice_weeks = "four"\n[[delegation.levels]]\nname = "p"\n')

    with pytest.raises(ValidationError, match="reduction_notice_weeks"):
        load_policy(path)
