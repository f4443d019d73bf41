"""``python -m api``: the ``careledger`` command, for when only the interpreter is known."""

from api.cli import app

app()
