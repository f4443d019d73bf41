"""``careledger records``: a person's records as auditors and complaint handlers read
them (a timeline, a chronology, a plan as it stood, what changed between versions), and
the access log. Every read of a person's records is logged, as over HTTP."""

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any
from uuid import UUID

import typer

from api.settings import Settings
from audit.formats import Format
from domain.access import ReadOf
from domain.actors import Actor, Role

if TYPE_CHECKING:  # each command imports what it uses when it runs (see ``api.cli``)
    from audit import chronology
    from domain.application import CarePlanning
    from projections.runner import Projections

records_app = typer.Typer(no_args_is_help=True, help="Read a person's records (logged) and "
                          "the access log, as auditors and complaint handlers do.")  # fmt: skip


class ReaderRole(StrEnum):
    AUDITOR = Role.AUDITOR.value
    COMPLAINT_HANDLER = Role.COMPLAINT_HANDLER.value


READER = typer.Option(..., "--reader", help="Your staff id (kept in the access log).")
ROLE = typer.Option(ReaderRole.COMPLAINT_HANDLER, "--role", help="The role you read in.")
AS_AUDITOR = typer.Option(ReaderRole.AUDITOR, "--role", help="The role you read in.")
PURPOSE = typer.Option(..., "--purpose", help="Why you read (kept in the access log).")


def authority_settings_or_exit() -> Settings:
    """The settings of the authority the command is for (``CARELEDGER_AUTHORITY``, where
    the deployment serves several); a tenants file that does not read ends it."""
    from api.tenants_file import chosen_authority

    try:
        return chosen_authority(Settings())
    except ValueError as error:
        raise typer.BadParameter(str(error), param_hint="CARELEDGER_AUTHORITY") from None


@contextmanager
def _store() -> "Iterator[tuple[CarePlanning, Settings]]":
    """The store; a refusal ends the command with its reason."""
    from api.service import open_planning
    from audit.log_queries import NoRecords
    from domain.errors import CareledgerError

    settings = authority_settings_or_exit()
    planning = open_planning(settings)
    try:
        yield planning, settings
    except (CareledgerError, NoRecords) as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(1) from None
    finally:
        planning.close()


@contextmanager
def opened_service(names: list[str]) -> "Iterator[tuple[CarePlanning, Projections, Settings]]":
    """The store and the named logs (at least one), caught up."""
    from api.service import open_projections

    with _store() as (planning, settings):
        projections = open_projections(planning, settings, names)
        try:
            for name in names:
                projections.runner(name).catch_up()
            yield planning, projections, settings
        finally:
            projections.stop()


def _subject(plan: UUID | None, person: str | None) -> None:
    if (plan is None) == (person is None):
        raise typer.BadParameter("give either --plan or --person")


def _log(planning: "CarePlanning", reader: str, role: ReaderRole, read: ReadOf,
         purpose: str | None) -> None:  # fmt: skip
    """Logs the read, once the reader is known to reach every plan it shows: a person's
    records restricted to staff not including them are refused (DESIGN-restricted), as
    over HTTP."""
    actor = Actor(reader, Role(role.value))
    planning.require_in_scope(actor, read.plan_ids, None, f"read {read.what}", read.person_ref)
    planning.log_read(actor, read, purpose)


def _required(reader: str, purpose: str) -> str:
    stated = who_and_why(reader, purpose, required=True)
    assert stated is not None
    return stated


def who_and_why(reader: str, purpose: str | None, required: bool = False) -> str | None:
    """Who reads and why, as the access log keeps them: neither may be blank."""
    if not reader.strip():
        raise typer.BadParameter("--reader must name you (your staff id)")
    stated = purpose.strip() if purpose is not None else None
    if (required or purpose is not None) and not stated:
        raise typer.BadParameter("--purpose must say why you read these records")
    return stated


def _print_json(data: Any) -> None:
    typer.echo(json.dumps(data, indent=2, default=str))


@records_app.command("timeline")
def timeline(
    plan: UUID | None = typer.Option(None, help="A plan's id."),
    person: str | None = typer.Option(None, help="A person's reference: all their plans."),
    reader: str = READER, role: ReaderRole = ROLE, purpose: str = PURPOSE,
) -> None:  # fmt: skip
    """Every decision in order, one a line: when, days since the step before, who, what,
    and whether the person was told."""
    from audit.person_records import person_steps, plan_steps

    _subject(plan, person)
    purpose = _required(reader, purpose)
    with opened_service(["decision_log"]) as (planning, projections, _):
        log = projections.runner("decision_log").view
        if plan is not None:
            steps, ref = plan_steps(planning, log, plan)
            plans = [plan]
        else:
            assert person is not None
            (steps, plans), ref = person_steps(planning, log, person), person
        _log(planning, reader, role, ReadOf("timeline", tuple(plans), ref), purpose)
    for s in steps:
        gap = "" if s.days_since_previous is None else f"+{s.days_since_previous:g}d"
        told = ""
        if s.telling is not None:
            told = (f" [told {s.telling.told_at:%Y-%m-%d}]" if s.telling.told_at
                    else f" [{s.telling.recipient} not yet told]")  # fmt: skip
        typer.echo(f"{s.occurred_at:%Y-%m-%d %H:%M}  {gap:>8}  {s.summary}{told}")


@records_app.command("chronology")
def export_chronology(
    plan: UUID | None = typer.Option(None, help="A plan's id."),
    person: str | None = typer.Option(None, help="A person's reference: all their plans."),
    form: Format = typer.Option(Format.JSON, "--format", help="json, csv, html to print, or pdf."),
    reader: str = READER, role: ReaderRole = ROLE, purpose: str = PURPOSE,
    output: Path | None = typer.Option(None, "--output", "-o", dir_okay=False,
                                       help="Write it to this file (a PDF needs one when the "
                                       "output is a terminal)."),
) -> None:  # fmt: skip
    """A chronology for a complaint file, each decision checked against the latest signed
    checkpoint; exits 1 if any decision's stored bytes are found altered (decisions after
    the latest checkpoint are marked, not failed)."""
    from api.service import audit_signer
    from audit.checkpoints import CheckpointLog
    from audit.person_records import chronology_of, person_steps, plan_steps

    _subject(plan, person)
    purpose = _required(reader, purpose)
    if output is None and form is Format.PDF and sys.stdout.isatty():
        raise typer.BadParameter("a PDF is not for a terminal: give --output FILE",
                                 param_hint="--output")  # fmt: skip
    with opened_service(["decision_log", "integrity"]) as (planning, projections, settings):
        log = projections.runner("decision_log").view
        if plan is not None:
            steps, ref = plan_steps(planning, log, plan)
            plans, subject = [plan], f"plan {plan}"
        else:
            assert person is not None
            (steps, plans), ref, subject = person_steps(planning, log, person), person, (
                f"person {person}")  # fmt: skip
        checkpoints = CheckpointLog(projections.runner("integrity").view)
        found = chronology_of(planning, checkpoints, audit_signer(settings).public_pem(),
                              subject, steps)  # fmt: skip
        shown = _rendered(found, form)
        _log(planning, reader, role, ReadOf(f"chronology.{form.value}", tuple(plans), ref), purpose)
    if output is not None:
        output.write_bytes(shown)
        typer.echo(f"written to {output}", err=True)
    else:
        sys.stdout.buffer.write(shown)
        sys.stdout.flush()
    if not found.intact:
        raise typer.Exit(1)


def _rendered(found: "chronology.Chronology", form: Format) -> bytes:
    from audit import chronology
    from audit.chronology_pdf import as_pdf

    if form is Format.CSV:
        return chronology.as_csv(found).encode()
    if form is Format.HTML:
        return chronology.as_html(found).encode() + b"\n"
    if form is Format.PDF:
        return as_pdf(found)
    return json.dumps(chronology.as_json(found), indent=2, default=str).encode() + b"\n"


@records_app.command("as-of")
def as_of(
    plan: UUID = typer.Argument(..., help="A plan's id."),
    instant: datetime = typer.Argument(..., help="An instant in UTC, e.g. 2026-03-01T12:00:00."),
    reader: str = READER, role: ReaderRole = ROLE,
    purpose: str | None = typer.Option(None, help="Why you read (kept in the access log)."),
) -> None:  # fmt: skip
    """The plan and its budget as recorded by an instant (taken as UTC), as JSON."""
    from api.schemas.views import PlanPublic
    from audit.person_records import plan_as_of

    purpose = who_and_why(reader, purpose)
    moment = instant if instant.tzinfo else instant.replace(tzinfo=UTC)
    with opened_service(["decision_log"]) as (planning, projections, _):
        found, budget = plan_as_of(planning, projections.runner("decision_log").view, plan,
                                   moment)  # fmt: skip
        read = ReadOf("plan as of", (plan,), found.person_ref, moment.isoformat())
        _log(planning, reader, role, read, purpose)
    _print_json(PlanPublic.of(found, budget).model_dump(mode="json"))


@records_app.command("diff")
def version_diff(
    plan: UUID = typer.Argument(..., help="A plan's id."),
    old: int = typer.Argument(..., min=1, help="A version."),
    new: int = typer.Argument(..., min=1, help="A later version."),
    reader: str = READER, role: ReaderRole = ROLE,
    purpose: str | None = typer.Option(None, help="Why you read (kept in the access log)."),
) -> None:  # fmt: skip
    """What changed in the plan and its budget between two versions, one change a line."""
    from api.schemas.views import PlanPublic
    from audit.versions import diff

    purpose = who_and_why(reader, purpose)
    with _store() as (planning, _):
        before = PlanPublic.at(planning, plan, old)
        after = PlanPublic.at(planning, plan, new)
        read = ReadOf("diff", (plan,), after.person_ref, f"{old}..{new}")
        _log(planning, reader, role, read, purpose)
    for c in diff(before.model_dump(mode="json"), after.model_dump(mode="json")):
        typer.echo(f"{c.change:<8} {c.path}: {json.dumps(c.before)} -> {json.dumps(c.after)}")


@records_app.command("access")
def access(
    plan: UUID | None = typer.Option(None, help="Reads of this plan."),
    person: str | None = typer.Option(None, help="Reads of this person's records."),
    reader: str | None = typer.Option(None, "--by", help="Reads by this member of staff."),
    limit: int = typer.Option(100, min=1, max=10_000),
) -> None:
    """The access log, oldest first: when, who, in which role, what, and why."""
    from audit.log_queries import AccessFilters, reads

    with opened_service(["access_log"]) as (_, projections, _):
        filters = AccessFilters(str(plan) if plan else None, person, reader)
        found = reads(projections.runner("access_log").view, filters, limit)
    for r in found.rows:
        typer.echo(f"{r['at']}  {r['reader_id']} ({r['role']})  {r['what']}  plan {r['plan_id']}"
                   f"  {r['person_ref'] or ''}  purpose: {r['purpose'] or '-'}")  # fmt: skip
    typer.echo(f"{found.total} entries")


@records_app.command("adverse-untold")
def adverse_untold(
    reader: str = READER, role: ReaderRole = AS_AUDITOR,
    purpose: str | None = typer.Option(None, help="Why you read (kept in the access log)."),
    limit: int = typer.Option(100, min=1, max=10_000),
) -> None:  # fmt: skip
    """Adverse decisions with no record that the person was told of their right to
    complain (COMP-1). The plans listed are logged as read."""
    from audit.log_queries import DecisionFilters, decisions

    purpose = who_and_why(reader, purpose)
    with opened_service(["decision_log"]) as (planning, projections, _):
        found = decisions(projections.runner("decision_log").view,
                          DecisionFilters(missing_right_to_complain=True), limit)  # fmt: skip
        listed = {UUID(str(r["plan_id"])) for r in found.rows if r["plan_id"]}
        withheld = planning.withheld_from(Actor(reader, Role(role.value)), listed)
        plans = tuple(sorted(listed - withheld))  # restricted to others: left out
        rows = [r for r in found.rows if not r["plan_id"] or UUID(str(r["plan_id"])) in plans]
        _log(planning, reader, role, ReadOf("adverse untold", plans), purpose)
    for r in rows:
        typer.echo(f"{r['recorded_at']}  plan {r['plan_id']}  {r['summary']}")
    total = found.total - (len(found.rows) - len(rows))
    typer.echo(f"{total} adverse decisions without the right to complain recorded")
