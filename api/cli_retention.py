"""`careledger retention`: whose records are due to be destroyed, the retention period
after their care ended (KEEP-1). Run by information governance (an admin); the listing is
logged in the access log, for the people it names."""

from datetime import UTC, datetime

import typer

from api.cli_records import opened_service, who_and_why
from domain.access import ReadOf
from domain.actors import Actor, Role
from domain.personal_data.erasing import ErasureGround

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
        # the plans listed, not the people: their refs would outlive an erasure here
        plans = tuple(plan_id for d in found for plan_id in d.plan_ids)
        read = ReadOf("retention due", plans, None, f"{len(found)} people due on {today}")
        planning.log_read(Actor(reader, Role.ADMIN), read, "retention review")
    for d in found:
        died = " (died)" if d.died else ""
        typer.echo(f"{d.person_ref}\t{d.plans} plan(s)\tcare ended {d.care_ended_on}{died}"
                   f"\tkept until {d.keep_until}")  # fmt: skip
    typer.echo(f"{len(found)} due on {today} (kept {planning.policy.retention_years} years "
               "after care ended)", err=True)  # fmt: skip


@retention_app.command("shred")
def retention_shred(
    person: str = typer.Argument(..., help="The person's reference."),
    reader: str = typer.Option(..., "--reader", help="Your staff id (an admin's)."),
    ground: ErasureGround = typer.Option(..., "--ground", help="Why: the retention period ended "
                                  "(KEEP-1), or the person's request for erasure."),
) -> None:  # fmt: skip
    """Erase the person's records (KEEP-2): their data key is destroyed, so every personal
    field of their events reads as erased from now on; what was decided, when and by whom
    remains, and the integrity record still verifies. The shred log (kept apart from the
    store) and an event naming only the key's id record it. It cannot be undone."""
    from domain.personal_data.erasing import Erase
    from store.application import ServicePlanning
    from store.shred_log import ShredLog

    who_and_why(reader, None)
    with opened_service(["retention"]) as (planning, _, settings):
        assert isinstance(planning, ServicePlanning)
        erasure = planning.erase(Erase(Actor(reader, Role.ADMIN), person, ground),
                                 ShredLog(settings.shred_log_file))  # fmt: skip
    typer.echo(f"erased: key {erasure.key_id}, {len(erasure.streams)} stream(s) of events")


@retention_app.command("reapply")
def retention_reapply(
    reader: str = typer.Option(..., "--reader", help="Your staff id (an admin's)."),
) -> None:
    """After restoring the store from a backup, and before serving it: destroy again every
    key the shred log lists (KEEP-3), recording each erasure the backup predates."""
    from store.application import ServicePlanning
    from store.shred_log import ShredLog

    who_and_why(reader, None)
    with opened_service(["retention"]) as (planning, _, settings):
        assert isinstance(planning, ServicePlanning)
        destroyed = planning.reapply_erasures(Actor(reader, Role.ADMIN),
                                              ShredLog(settings.shred_log_file))  # fmt: skip
    typer.echo(f"{len(destroyed)} key(s) destroyed again")
