"""``careledger witness``: a witness of the integrity log, run by someone other than the
service's operator (a council's internal audit, another authority). It keeps its key
and the last checkpoint it cosigned in a folder of its own; each ``cosign`` fetches the
log's latest checkpoint and the proof that it extends the last one cosigned, checks
both, and sends back its cosignature, or refuses (exit 1) a log that was rewritten."""

import time
from pathlib import Path

import typer

witness_app = typer.Typer(no_args_is_help=True, help="Witness the integrity log: cosign "
                          "checkpoints that extend the last one cosigned.")  # fmt: skip

Home = typer.Option(..., "--home", help="The witness's own folder: its key and state.")


@witness_app.command("init")
def init(
    home: Path = Home,
    name: str = typer.Option(
        ..., help="The witness's name, a URL without a scheme (audit.example/w1)."
    ),
) -> None:
    """Make the witness's key (once) and print the verifier key the service is
    configured with (CARELEDGER_AUDIT_WITNESSES)."""
    from audit.witness import Witness

    try:
        typer.echo(Witness.init(home, name).vkey())
    except ValueError as error:
        raise typer.BadParameter(str(error), param_hint="--name") from None


@witness_app.command("cosign")
def cosign(
    home: Path = Home,
    log: str = typer.Option(..., help="The service's URL (http://127.0.0.1:8000)."),
    log_vkey: str = typer.Option(..., help="The log's verifier key (GET /audit/public-key: "
                                 "vkey), taken from the operator once, out of band."),
    token: str = typer.Option(..., envvar="CARELEDGER_WITNESS_TOKEN",
                              help="A bearer token to read checkpoints and send cosignatures."),
) -> None:  # fmt: skip
    """Cosign the log's latest checkpoint if it extends the last one cosigned."""
    import httpx

    from audit.witness import Refused, Witness

    witness = Witness(home)
    with httpx.Client(base_url=log, timeout=60,
                      headers={"Authorization": f"Bearer {token}"}) as http:  # fmt: skip

        def proof_from(old: int, new: int) -> list[bytes]:
            answer = http.get("/audit/consistency", params={"from": old, "to": new})
            answer.raise_for_status()
            return [bytes.fromhex(h) for h in answer.json()["proof"]]

        listed = http.get("/audit/checkpoints", params={"limit": 1})
        listed.raise_for_status()
        latest = next((c for c in listed.json()["checkpoints"] if c.get("note")), None)
        if latest is None:
            typer.echo("nothing to cosign: the log has no signed note yet")
            return
        try:
            signature = witness.cosign(latest["note"], log_vkey, proof_from, int(time.time()))
        except Refused as refused:
            typer.echo(f"refused: {refused}")
            raise typer.Exit(1) from None
        sent = http.post(f"/audit/checkpoints/{latest['size']}/cosignatures",
                         json={"cosignature": signature.line().rstrip("\n")})  # fmt: skip
        if sent.status_code != 201:
            typer.echo(f"the log did not keep the cosignature: {sent.status_code} {sent.text}")
            raise typer.Exit(1)
    typer.echo(f"cosigned the checkpoint of {latest['size']} events")
