"""The ``careledger`` command."""

import typer
import uvicorn

from api.demo import load_case
from api.demo_cases import CASES
from api.logging import configure_logging
from api.main import open_planning
from api.settings import Settings

app = typer.Typer(no_args_is_help=True, help="Careledger: care-plan decisions as events.")


@app.command()
def serve(
    host: str | None = typer.Option(None, help="Defaults to CARELEDGER_HOST or 127.0.0.1."),
    port: int | None = typer.Option(None, help="Defaults to CARELEDGER_PORT or 8000."),
) -> None:
    """Serve the API (an SQLite file under ./var/ unless configured otherwise)."""
    settings = Settings()
    uvicorn.run(
        "api.main:create_app",
        factory=True,
        host=host or settings.host,
        port=port or settings.port,
        access_log=False,
    )


@app.command()
def demo() -> None:
    """Load the three worked examples from the sign-off chapter into the store."""
    settings = Settings()
    configure_logging(settings.log_format, settings.log_level)
    planning = open_planning(settings)
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
