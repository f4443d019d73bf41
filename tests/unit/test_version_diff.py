"""What changed between two versions of a plan: things with a reference are matched by
it, so one need added reads as one addition; costed lines by their service; anything
else by place. The version number itself is not a change."""

from audit.versions import diff

NEEDS = [{"ref": "N1", "description": "washing", "eligible": True},
         {"ref": "N2", "description": "shopping", "eligible": False}]  # fmt: skip


def plan(**changes: object) -> dict[str, object]:
    base: dict[str, object] = {"version": 3, "status": "draft",
                               "draft": {"needs": NEEDS, "notes": ["a", "b"]},
                               "budget": {"agreed": None}}  # fmt: skip
    return {**base, **changes}


def test_the_same_plan_at_another_version_has_no_changes() -> None:
    assert diff(plan(), plan(version=9)) == []


def test_a_need_put_first_is_one_addition_not_every_need_changed() -> None:
    added = {"ref": "N0", "description": "meals", "eligible": True}
    changes = diff(plan(), plan(draft={"needs": [added, *NEEDS], "notes": ["a", "b"]}))
    assert [(c.path, c.change, c.before, c.after) for c in changes] == [
        ("draft.needs[ref=N0]", "added", None, added)
    ]


def test_a_field_of_a_need_changed_and_a_need_removed() -> None:
    changed = [{**NEEDS[0], "description": "washing and dressing"}]
    changes = diff(plan(), plan(draft={"needs": changed, "notes": ["a", "b"]}))
    assert [(c.path, c.change) for c in changes] == [
        ("draft.needs[ref=N1].description", "changed"),
        ("draft.needs[ref=N2]", "removed"),
    ]
    assert (changes[0].before, changes[0].after) == ("washing", "washing and dressing")


def test_costed_lines_are_matched_by_service_and_plain_lists_by_place() -> None:
    before = plan(budget={"agreed": {"line_items": [{"service": "home care", "units": "7"}]}})
    after = plan(budget={"agreed": {"line_items": [{"service": "home care", "units": "10"}]}},
                 draft={"needs": NEEDS, "notes": ["a", "c", "d"]}, status="signed_off")  # fmt: skip
    assert [(c.path, c.change, c.before, c.after) for c in diff(before, after)] == [
        ("status", "changed", "draft", "signed_off"),
        ("draft.notes[1]", "changed", "b", "c"),
        ("draft.notes[2]", "added", None, "d"),
        ("budget.agreed.line_items[service=home care].units", "changed", "7", "10"),
    ]


def test_a_key_repeated_within_a_list_falls_back_to_place() -> None:
    twice = [{"ref": "N1", "description": "x"}, {"ref": "N1", "description": "y"}]
    once = [{"ref": "N1", "description": "x"}]
    changes = diff(plan(draft={"needs": once}), plan(draft={"needs": twice}))
    assert [(c.path, c.change) for c in changes] == [("draft.needs[1]", "added")]


def test_the_budget_s_own_counter_is_not_a_change_and_copies_match_by_version() -> None:
    copy = {"plan_version": 5, "recipient": "person", "recipient_ref": "person-1"}
    before = plan(budget={"version": 4, "agreed": None}, copies_due=[copy])
    later = {**copy, "plan_version": 9}
    after = plan(budget={"version": 6, "agreed": None}, copies_due=[later])
    assert [(c.path, c.change) for c in diff(before, after)] == [
        ("copies_due[plan_version=5,recipient_ref=person-1]", "removed"),
        ("copies_due[plan_version=9,recipient_ref=person-1]", "added"),
    ]
