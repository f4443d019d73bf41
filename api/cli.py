"""The ``careledger`` command."""

from datetime import timedelta

import typer
import uvicorn
from eventsourcing.cipher import AESCipher

from api.auth import TokenKeys
from api.demo import load_case
from api.demo_cases import CASES
from api.logging import configure_logging
from api.main import open_planning
from api.settings import Settings
from domain.actors import Role

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
    workers: int = typer.Option(1, min=1, max=64, help="Worker processes (use PostgreSQL)."),
) -> None:
    """Serve the API (an SQLite file under ./var/ unless configured otherwise)."""
    settings = Settings()
    if workers > 1:
        open_planning(settings).close()  # create the tables once, before the workers start
    uvicorn.run(
        "api.main:create_app",
        factory=True,
        host=host or settings.host,
        port=port or settings.port,
        workers=workers,
        access_log=False,
        timeout_graceful_shutdown=10,
    )


@app.command()
def demo() -> None:
    """Load the three worked examples from the sign-off chapter into the store."""
    planning = open_planning(Settings())
    try:
        for case in CASES:
            recorded = load_case(planning, case)
            budget = planning.budget(recorded.plan_id)
            agreed = budget.agreed.cost if budget.agreed else "-"
            typer.echo(
                f"{recorded.plan_id}  v{recorded.version}  {recorded.status.value:<10}  "
                f"£{agreed}/week  {case.name}"
            )
    finally:
        planning.close()


@app.command()
def token(
    sub: str = typer.Option(..., help="The acting person's opaque id."),
    role: list[Role] = typer.Option(..., help="A role granted; repeat for several."),
    team: str | None = typer.Option(None, help="Their team."),
    level: str | None = typer.Option(None, help="A signer's level in the delegation scheme."),
    hours: float = typer.Option(8.0, help="How long the token lasts."),
) -> None:
    """Print a bearer token (development: signed with the configured or development key)."""
    claims: dict[str, object] = {"sub": sub, "roles": [r.value for r in role]}
    if team:
        claims["team"] = team
    if level:
        claims["authority_level"] = level
    keys = TokenKeys.from_settings(Settings())
    typer.echo(keys.issue(claims, timedelta(hours=hours)))


@app.command("cipher-key")
def cipher_key() -> None:
    """Print a new AES-256 key for CARELEDGER_CIPHER_KEY (keep it out of the repository)."""
    typer.echo(AESCipher.create_key(32))
