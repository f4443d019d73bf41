"""The checks on recording a complaint and each step of its handling (CMP-1 to CMP-5),
and on who records them (DESIGN-roles)."""

from collections.abc import Sequence
from datetime import date

from domain.actors import Role
from domain.complaining import ACTIONS_MAX, CONCERNS_MAX, REF_MAX, TEXT_MAX, EntryRef, PeriodBasis
from domain.complaining.clock import longstop, made_late
from domain.errors import Failure
from domain.rules.text import blank

# the complaints team records complaints and their handling
HANDLERS = frozenset({Role.COMPLAINT_HANDLER})
AGGREGATES = frozenset({"plan", "budget"})


def text_failures(rule: str, field: str, text: str, why: str) -> list[Failure]:
    if blank(text):
        return [Failure(rule, field, why)]
    if len(text) > TEXT_MAX:
        return [Failure(rule, field, f"at most {TEXT_MAX} characters")]
    return []


def ref_failures(complaint_ref: str) -> list[Failure]:
    if blank(complaint_ref) or len(complaint_ref) > REF_MAX:
        return [Failure("CMP-1", "complaint_ref", f"a reference of 1 to {REF_MAX} characters")]
    return []


def late_failures(matter_known_on: date, received_on: date, late_reason: str | None
                  ) -> list[Failure]:  # fmt: skip
    """A complaint made more than twelve months after the matter (or after the complainant
    learnt of it) is taken only with the reason it is taken: there was good reason for the
    delay and it can still be investigated fairly (CMP-1)."""
    if matter_known_on > received_on:
        return [Failure("CMP-1", "matter_known_on", "is after the complaint was received")]
    if made_late(matter_known_on, received_on) and (late_reason is None or blank(late_reason)):
        return [Failure("CMP-1", "late_reason", "the complaint came more than twelve months "
                        "after the matter: record why it is considered all the same")]  # fmt: skip
    return []


def concerns_failures(concerns: Sequence[EntryRef], plan_given: bool) -> list[Failure]:
    """The timeline entries a complaint concerns are a plan's (CMP-1)."""
    if concerns and not plan_given:
        return [Failure("CMP-1", "concerns", "name the plan whose entries these are")]
    if len(concerns) > CONCERNS_MAX:
        return [Failure("CMP-1", "concerns", f"at most {CONCERNS_MAX} entries")]
    wrong = [c for c in concerns if c.aggregate not in AGGREGATES or c.version < 1]
    if wrong:
        return [Failure("CMP-1", "concerns", "each entry is the plan's or the budget's, at a "
                        "version from 1")]  # fmt: skip
    if len(set(concerns)) != len(concerns):
        return [Failure("CMP-1", "concerns", "an entry is named twice")]
    return []


def period_failures(period: PeriodBasis, response_due_on: date, acknowledged_on: date,
                    received_on: date, told_in_writing: bool, discussion_offered: bool
                    ) -> list[Failure]:  # fmt: skip
    """The acknowledgement offers to discuss how the complaint will be handled (CMP-2).
    The response period is agreed with the complainant or, where they decline to
    discuss it, set by the authority and told to them in writing; one the authority sets
    alone ends within six months of receipt (CMP-3)."""
    failures = []
    if not discussion_offered:
        failures.append(Failure("CMP-2", "handling_discussion_offered", "the acknowledgement "
                                "offers to discuss how the complaint will be handled"))  # fmt: skip
    if response_due_on <= acknowledged_on:
        failures.append(Failure("CMP-3", "response_due_on", "must fall after the day of "
                                "the acknowledgement"))  # fmt: skip
    if period is PeriodBasis.SET:
        if not told_in_writing:
            failures.append(Failure("CMP-3", "told_in_writing", "a period the authority sets "
                                    "is told to the complainant in writing"))  # fmt: skip
        if response_due_on > longstop(received_on):
            failures.append(Failure("CMP-3", "response_due_on", "a period set without the "
                                    "complainant's agreement ends by "
                                    f"{longstop(received_on).isoformat()}, six months "
                                    "from receipt"))  # fmt: skip
    return failures


def extension_failures(new_due_on: date, current_due_on: date, received_on: date,
                       agreed: bool, told_why_in_writing: bool, day: date
                       ) -> list[Failure]:  # fmt: skip
    """An extension moves the response date later and says why; one that runs past six
    months from receipt, unless the complainant agreed to it before those six months ran
    out, is explained to them in writing (CMP-4). ``day`` is the day it is made."""
    failures = []
    agreed = agreed and day <= longstop(received_on)  # agreed in time, or not at all
    if new_due_on <= current_due_on:
        failures.append(Failure("CMP-4", "response_due_on", "an extension moves the date "
                                f"later than {current_due_on.isoformat()}"))  # fmt: skip
    if not agreed and new_due_on > longstop(received_on) and not told_why_in_writing:
        failures.append(Failure("CMP-4", "told_why_in_writing", "past six months from "
                                "receipt without the complainant's agreement, they are told "
                                "in writing why"))  # fmt: skip
    return failures


def response_failures(conclusions: str, actions: Sequence[str], ombudsman_right_told: bool
                      ) -> list[Failure]:  # fmt: skip
    """The response says how the complaint was considered and concluded, what will be
    done, and tells the complainant of their right to go to the Local Government and
    Social Care Ombudsman (CMP-5)."""
    failures = text_failures("CMP-5", "conclusions", conclusions,
                             "say what was concluded, and how")  # fmt: skip
    if len(actions) > ACTIONS_MAX:
        failures.append(Failure("CMP-5", "actions", f"at most {ACTIONS_MAX}"))
    if any(blank(a) or len(a) > TEXT_MAX for a in actions):
        failures.append(Failure("CMP-5", "actions", f"each of 1 to {TEXT_MAX} characters"))
    if not ombudsman_right_told:
        failures.append(Failure("CMP-5", "ombudsman_right_told", "the response tells the "
                                "complainant of their right to go to the Local Government "
                                "and Social Care Ombudsman"))  # fmt: skip
    return failures
