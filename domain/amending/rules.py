"""Whether a request to amend may be recorded, and how it may be decided (AMD-1..5,
COMP-1)."""

from domain.amending import AmendmentRequest, AmendmentRequester, SignOffRoute
from domain.errors import Failure
from domain.kinds import PlanKind
from domain.notifying import Recipient
from domain.rules.text import blank

# Who is consulted when someone else asks to amend the plan (AMD-1).
CONSULTED = frozenset({Recipient.PERSON, Recipient.REPRESENTATIVE})


def request_failures(request: AmendmentRequest, open_refs: set[str]) -> list[Failure]:
    """A request has a ref of its own, says who asked and what for (AMD-1)."""
    failures = []
    if blank(request.ref) or request.ref in open_refs:
        failures.append(Failure("AMD-1", "request.ref", "needs a ref not used by an open request"))
    for name in ("requester_ref", "summary"):
        if blank(getattr(request, name)):
            failures.append(Failure("AMD-1", f"request.{name}", "must not be blank"))
    return failures


def open_request_failures(request: AmendmentRequest | None) -> list[Failure]:
    """A consultation or decision is on a request still open (AMD-1)."""
    if request is None:
        return [Failure("AMD-1", "request_ref", "no open request has this ref")]
    return []


def consultation_failures(
    request: AmendmentRequest | None, consulted: Recipient, view: str
) -> list[Failure]:
    """The person (or their representative) is consulted on an open request, and what they
    said is recorded (AMD-1)."""
    failures = open_request_failures(request)
    if consulted not in CONSULTED:
        failures.append(
            Failure("AMD-1", "consulted", "the person, or their representative, is consulted")
        )
    if blank(view):
        failures.append(Failure("AMD-1", "view", "record what they said"))
    return failures


def asked_by_someone_else(request: AmendmentRequest, kind: PlanKind) -> bool:
    """Whether the request came from anyone but the person (the carer, on a carer's plan)."""
    own = AmendmentRequester.CARER if kind is PlanKind.CARER_SUPPORT else None
    return request.requested_by not in (AmendmentRequester.PERSON, own)


def decision_failures(
    request: AmendmentRequest, kind: PlanKind, consulted: bool, agree: bool, reasons: str
) -> list[Failure]:
    """What every decision on a request needs: the person consulted first when someone
    else asked (AMD-1), and reasons (AMD-2 to agree, AMD-4 to refuse)."""
    failures = []
    if asked_by_someone_else(request, kind) and not consulted:
        failures.append(
            Failure("AMD-1", "request_ref", "someone else asked: consult the person first")
        )
    if blank(reasons):
        failures.append(Failure("AMD-2" if agree else "AMD-4", "reasons", "must not be blank"))
    return failures


def agreement_failures(
    route: SignOffRoute | None, circulate_to_original_recipients: bool, circulation_note: str
) -> list[Failure]:
    """An agreed amendment says how it is signed off again (AMD-2), and goes to everyone
    who had the original unless the person asked otherwise (AMD-3)."""
    failures = []
    if route is None:
        failures.append(
            Failure("AMD-2", "route", "say whether the amended plan has a light or full sign-off")
        )
    if not circulate_to_original_recipients and blank(circulation_note):
        failures.append(
            Failure(
                "AMD-3",
                "circulation_note",
                "the amended plan goes to everyone who had the original unless the person "
                "asked otherwise: record what they asked",
            )
        )
    return failures


def refusal_failures(request: AmendmentRequest, right_to_complain: bool) -> list[Failure]:
    """A change to how the budget is managed is never refused (AMD-5); a refusal is told
    with the right to complain (COMP-1)."""
    failures = []
    if request.changes_management_method:
        failures.append(
            Failure("AMD-5", "agree", "how the budget is managed may be changed at any time")
        )
    if not right_to_complain:
        failures.append(
            Failure("COMP-1", "right_to_complain", "a refusal is told with the right to complain")
        )
    return failures
