"""`careledger retention`: whose records are due to be destroyed, the retention period
after their care ended (KEEP-1). Run by information governance (an admin); the listing is
logged in the access log, for the people it names."""

from datetime import UTC, datetime

import typer

from api.cli_records import opened_service, who_and_why
from domain.access import ReadOf
from domain.actors import Actor, Role

retention_app = typer.Typer(no_args_is_help=True, help="Records due to be destroyed, the "
                            "retention period after care ended (KEEP-1).")  # fmt: skip


@retention_app.command("due")
def retention_due(
    reader: str = typer.Option(..., "--reader", help="Your staff id (kept in the access log)."),
    as_of: datetime | None = typer.Option(None, "--as-of", formats=["%Y-%m-%d"],
                                          help="The day to judge on [today]."),
) -> None:  # fmt: skip
    """One line a person: their reference, how many plans, the day their care ended
    (and whether they died), and the last day the records are kept."""
    from projections.retention import due

    who_and_why(reader, None)
    today = as_of.date() if as_of else datetime.now(UTC).date()
    with opened_service(["retention"]) as (planning, projections, _):
        view = projections.runner("retention").view
        found, _ = due(view, planning.policy.retention_years, today)
        people = ", ".join(d.person_ref for d in found)
        read = ReadOf("retention due", (), None, f"{len(found)} due on {today}: {people}"[:500])
        planning.log_read(Actor(reader, Role.ADMIN), read, "retention review")
    for d in found:
        died = " (died)" if d.died else ""
        typer.echo(f"{d.person_ref}\t{d.plans} plan(s)\tcare ended {d.care_ended_on}{died}"
                   f"\tkept until {d.keep_until}")  # fmt: skip
    typer.echo(f"{len(found)} due on {today} (kept {planning.policy.retention_years} years "
               "after care ended)", err=True)  # fmt: skip
