"""The ``careledger`` command.

Each command imports what it needs when it runs: ``--help`` and ``token`` then start in
a fraction of the second the service, its store and its read models take to load."""

import json
import os
import signal
from collections.abc import Sequence
from contextlib import nullcontext
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING

import typer

from api.auth import TokenError, TokenKeys
from api.cli_records import authority_settings_or_exit, records_app
from api.cli_retention import retention_app
from api.cli_witness import witness_app
from api.logging import configure_logging
from api.settings import Settings
from domain.actors import Role

if TYPE_CHECKING:
    from audit.checkpoints import Checkpoint
    from domain.application import CarePlanning
    from projections.runner import Projections

app = typer.Typer(no_args_is_help=True, help="Careledger: care-plan decisions as events.")


@app.callback()
def main() -> None:
    """Logs go to stderr, so a command's output can be captured alone."""
    settings = Settings()
    configure_logging(settings.log_format, settings.log_level)


@app.command()
def serve(
    host: str | None = typer.Option(None, help="Defaults to CARELEDGER_HOST or 127.0.0.1."),
    port: int | None = typer.Option(None, help="Defaults to CARELEDGER_PORT or 8000."),
    workers: int = typer.Option(1, min=1, max=64, help="Worker processes (PostgreSQL only)."),
    development: bool = typer.Option(
        False,
        "--development",
        help="Development keys: a token secret and audit signing key made under ./var/.",
    ),
) -> None:
    """Serve the API (an SQLite file under ./var/ unless configured otherwise)."""
    import uvicorn

    from api.projection_supervisor import supervised_projections
    from api.service import open_planning, open_projections, production_key_problems
    from api.tenants_file import authority_settings

    settings = Settings()
    try:
        authorities = authority_settings(settings)
    except ValueError as error:
        raise typer.BadParameter(str(error), param_hint="CARELEDGER_TENANTS_FILE") from None
    problems = [f"{name}: {problem}" if len(authorities) > 1 else problem
                for name, each in authorities.items()
                for problem in production_key_problems(each)]  # fmt: skip
    if development:
        os.environ["CARELEDGER_DEVELOPMENT"] = "true"  # for the worker processes too
    elif not settings.development and problems:
        raise typer.BadParameter(
            "; ".join(problems) + ". Keys live apart from the store (see the README's "
            "'In production'); for development only, pass --development",
            param_hint="--development",
        )
    if workers > 1 and settings.store != "postgres":
        # SQLite writes one transaction at a time: a second worker only queues on the
        # file's lock, and one worker batches concurrent decisions into one commit
        raise typer.BadParameter(
            f"several workers need PostgreSQL (CARELEDGER_STORE=postgres); the "
            f"{settings.store} store is served by one",
            param_hint="--workers",
        )
    # one process of its own keeps the read models, but a store in memory is the
    # server's alone: the app keeps them in a thread there
    following = settings.projections == "process" and settings.store != "memory"
    if workers > 1 or following:  # the tables made once, before the processes start
        for each in authorities.values():
            planning = open_planning(each)
            open_projections(planning, each).stop()
            planning.close()
        os.environ["CARELEDGER_CREATE_TABLES"] = "false"  # for the processes started now
    # uvicorn stops on SIGTERM and then raises it again: a clean exit, not the default
    # handler's, so that the follower is stopped too
    signal.signal(signal.SIGTERM, _exit_on_signal)
    with supervised_projections() if following else nullcontext():
        uvicorn.run(
            "api.main:create_app",
            factory=True,
            host=host or settings.host,
            port=port or settings.port,
            workers=workers,
            access_log=False,
            timeout_graceful_shutdown=10,
            timeout_worker_healthcheck=settings.worker_healthcheck_seconds,
        )


def _exit_on_signal(signum: int, _frame: FrameType | None) -> None:
    raise SystemExit(128 + signum)


projections_app = typer.Typer(no_args_is_help=True, help="The read models behind the work "
                              "queues and reports.")  # fmt: skip
app.add_typer(projections_app, name="projections")


@app.command()
def demo(
    again: bool = typer.Option(
        False,
        help="Load the cases into a store that holds events already (each run adds them anew).",
    ),
) -> None:
    """Load the worked examples from the sign-off chapter, and a caseload in progress for
    the work queues and reports, into the store (an empty one, unless --again)."""
    from api.demo import load_case
    from api.demo.caseload import caseload
    from api.demo.cases import CASES
    from api.service import open_planning

    settings = authority_settings_or_exit()
    planning = open_planning(settings)
    try:
        held = planning.recorder.max_notification_id() or 0
        if held and not again:
            where = settings.sqlite_path if settings.store == "sqlite" else settings.store
            typer.echo(f"error: the store ({where}) holds {held} events already; the demo's "
                       "cases would be added beside any loaded before. Pass --again to add "
                       "them, or start from a new store.", err=True)  # fmt: skip
            raise typer.Exit(1)
        for case in (*CASES, *caseload()):
            recorded = load_case(planning, case)
            budget = planning.budget(recorded.plan_id)
            agreed = budget.agreed.cost if budget.agreed else "-"
            typer.echo(
                f"{recorded.plan_id}  v{recorded.version}  {recorded.status.value:<10}  "
                f"£{agreed}/week  {case.name}"
            )
    finally:
        planning.close()
    # the demo's record ends signed, so its chronologies verify every entry
    signed = _sign_checkpoint(settings)
    if signed is not None:
        typer.echo(f"checkpoint: the first {signed.size} events, signed at {signed.at}")


@app.command()
def token(
    sub: str = typer.Option(..., help="The acting person's opaque id."),
    role: list[Role] = typer.Option(..., help="A role granted; repeat for several."),
    team: str | None = typer.Option(None, help="Their team."),
    level: str | None = typer.Option(None, help="A signer's level in the delegation scheme."),
    hours: float = typer.Option(8.0, help="How long the token lasts."),
) -> None:
    """Print a bearer token (development: signed with the configured or development key)
    for a member of this service's authority's staff."""
    settings = authority_settings_or_exit()
    claims: dict[str, object] = {"sub": sub, "roles": [r.value for r in role],
                                 "authority": settings.authority}  # fmt: skip
    if team:
        claims["team"] = team
    if level:
        claims["authority_level"] = level
    try:
        keys = TokenKeys.from_settings(settings, make_secret=False)
        token = keys.issue(claims, timedelta(hours=hours))
    except (TokenError, ValueError) as error:  # no secret here; no private key to sign with
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(1) from None
    typer.echo(token)
    typer.echo(f"signed with {keys.source}", err=True)


@app.command("cipher-key")
def cipher_key() -> None:
    """Print a new AES-256 key for CARELEDGER_CIPHER_KEY (keep it out of the repository)."""
    from eventsourcing.cipher import AESCipher

    typer.echo(AESCipher.create_key(32))


@app.command("data-master-key")
def data_master_key() -> None:
    """Print a new master key for CARELEDGER_DATA_MASTER_KEY, which wraps each person's
    data key (keep it out of the repository, and apart from the store's backups)."""
    from store.data_keys import MasterKey

    typer.echo(MasterKey.new_text())


def _open(settings: Settings, names: Sequence[str]) -> "tuple[CarePlanning, Projections]":
    from api.service import open_planning, open_projections

    planning = open_planning(settings)
    try:
        return planning, open_projections(planning, settings, names)
    except ValueError as e:
        planning.close()
        raise typer.BadParameter(str(e)) from e


@projections_app.command("run")
def projections_run(
    names: list[str] = typer.Argument(
        None,
        help="The read models to keep (all if none): one process each spreads them over the cores.",
    ),
    once: bool = typer.Option(False, help="Catch up, then stop."),
    poll: float | None = typer.Option(
        None,
        help="Seconds between full passes (the log's latest position is looked at "
        "every 20 ms, and a pass made when it moves).",
    ),
    server_pid: int | None = typer.Option(
        None,
        help="The id of the process that started this one (`careledger serve` passes "
        "its own): stop when it ends.",
    ),
) -> None:
    """Keep every read model up to date, of every authority the deployment serves
    (production: in a process of its own, with CARELEDGER_PROJECTIONS=external for the
    API). Stops on SIGTERM or Ctrl-C."""
    from api.projection_supervisor import keep_up

    if server_pid is not None and os.getppid() != server_pid:
        raise typer.BadParameter(
            f"{server_pid} did not start this process", param_hint="--server-pid"
        )
    from api.tenants_file import authority_settings

    settings = Settings()
    if not once:
        os.nice(settings.projection_nice)
    kept = [_open(each, names or []) for each in authority_settings(settings).values()]
    if not once:
        keep_up(kept, poll or settings.projection_poll_seconds, server_pid)
        return
    try:
        applied = sum(projections.catch_up() for _, projections in kept)
        typer.echo(f"{applied} events applied")
        held = [r for _, projections in kept for r in projections.awaiting_rebuild()]
        for reason in held:  # the others were caught up
            typer.echo(f"error: {reason}", err=True)
        if held:
            raise typer.Exit(1)
    finally:
        for planning, projections in kept:
            projections.stop()
            planning.close()


@projections_app.command("status")
def projections_status() -> None:
    """Each read model's position, and how far behind the event log it is."""
    planning, projections = _open(authority_settings_or_exit(), [])
    try:
        typer.echo(f"{'read model':<14}{'position':>10}{'behind':>10}{'seconds':>10}")
        for lag in projections.lags():
            typer.echo(f"{lag.name:<14}{lag.position:>10}{lag.events_behind:>10}"
                       f"{lag.seconds_behind:>10.1f}")  # fmt: skip
        now = datetime.now(UTC)
        followers = projections.heartbeats.followers()
        typer.echo("\nfollowers" if followers else "\nno follower has been seen")
        for f in followers:
            state = "STALE" if f.stale(now) else "failing" if f.failing else "following"
            typer.echo(f"  {state} {', '.join(f.read_models)}: pid {f.pid} on {f.host}, seen "
                       f"{f.seconds_since_seen(now):.1f} s ago at position {f.position}, "
                       f"{f.failures} failed passes")  # fmt: skip
            if f.last_error:
                typer.echo(f"    last error: {f.last_error}")
    finally:
        projections.stop()
        planning.close()


@projections_app.command("rebuild")
def projections_rebuild(
    name: str = typer.Argument(
        ..., help="work_queues, plan_facts, integrity, decision_log, access_log, or all"
    ),
) -> None:
    """Empty a read model (or all) and rebuild it from the first event, with progress."""
    planning, projections = _open(authority_settings_or_exit(), [] if name == "all" else [name])
    try:
        top = next(iter(projections.runners.values())).top()
        with typer.progressbar(length=top, label=f"rebuilding {name}") as bar:
            done = [0]

            def progress(reached: int, _top: int) -> None:
                bar.update(reached - done[0])
                done[0] = reached

            applied = projections.rebuild(progress)
        for runner in projections.runners.values():
            typer.echo(f"{runner.model.name}: at position {runner.view.position()}")
        typer.echo(f"{applied} events applied")
    finally:
        projections.stop()
        planning.close()


audit_app = typer.Typer(no_args_is_help=True, help="The integrity record over every event.")
app.add_typer(audit_app, name="audit")
app.add_typer(records_app, name="records")
app.add_typer(witness_app, name="witness")
app.add_typer(retention_app, name="retention")


@audit_app.command("verify")
def audit_verify(
    catch_up: bool = typer.Option(False, help="Record events not yet in the record first."),
) -> None:
    """Hash every stored event again and compare it, and every stored node of the tree,
    with the integrity record; and check every checkpoint signed with the service's key:
    its signature, that the store still holds the events it covers, and that the record
    still gives its root. Reports each finding, the first bad position or checkpoint
    named, and exits 1 if there is one."""
    from api.service import audit_signer, audit_witnesses
    from audit.verdict import audit_record

    settings = authority_settings_or_exit()
    witnesses = audit_witnesses(settings)
    planning, projections = _open(settings, ["integrity"])
    try:
        runner = projections.runner("integrity")
        if catch_up:
            runner.catch_up()
        verdict = audit_record(planning, runner.view, audit_signer(settings).public_pem(),
                               witnesses, settings.audit_witness_threshold)  # fmt: skip
    finally:
        projections.stop()
        planning.close()
    result = verdict.verification
    rate = result.checked / result.seconds if result.seconds else 0.0
    typer.echo(f"checked {result.checked} events in {result.seconds:.2f} s ({rate:,.0f}/s); "
               f"root {result.root}; {result.unrecorded} not yet recorded; "
               f"{verdict.checkpoints} checkpoints")  # fmt: skip
    for finding in verdict.findings():
        typer.echo(f"TAMPERED: {finding}")
    if not verdict.intact:
        raise typer.Exit(1)
    typer.echo("intact")


def _sign_checkpoint(settings: Settings) -> "Checkpoint | None":
    """Records any events not yet in the integrity record and signs a checkpoint of it
    (the latest, if it covers the record already); ``None`` while the record is empty."""
    from api.service import audit_signer
    from audit.checkpoints import CheckpointLog

    planning, projections = _open(settings, ["integrity"])
    try:
        runner = projections.runner("integrity")
        runner.catch_up()
        return CheckpointLog(runner.view).take(audit_signer(settings), datetime.now(UTC))
    finally:
        projections.stop()
        planning.close()


@audit_app.command("checkpoint")
def audit_checkpoint() -> None:
    """Record any events not yet in the record, sign a checkpoint of it (unless the latest
    already covers it) and print it as JSON, for an auditor to keep."""
    taken = _sign_checkpoint(authority_settings_or_exit())
    if taken is None:
        raise typer.BadParameter("the record is empty: there is nothing to sign yet")
    typer.echo(json.dumps(taken.as_json(), indent=2))


@audit_app.command("public-key")
def audit_public_key() -> None:
    """Print the public key checkpoints are signed with (PEM)."""
    from api.service import audit_signer

    typer.echo(audit_signer(authority_settings_or_exit()).public_pem(), nl=False)


@audit_app.command("verify-proof")
def audit_verify_proof(
    proof: Path = typer.Argument(
        ...,
        exists=True,
        dir_okay=False,
        help="A proof document from GET /audit/proof/... or /audit/consistency.",
    ),
    public_key: Path = typer.Option(
        ..., exists=True, dir_okay=False, help="The PEM public key the checkpoints are signed with."
    ),
) -> None:
    """Check a proof offline, with nothing but the document and the public key; exits 1
    if it does not hold."""
    from audit import proofs

    holds, why = proofs.check(json.loads(proof.read_text()), public_key.read_text())
    typer.echo(("holds: " if holds else "DOES NOT HOLD: ") + why)
    if not holds:
        raise typer.Exit(1)
