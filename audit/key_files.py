"""Keys and secrets kept in files of their own: made once, readable by their owner only.

The development signing key and token secret are made on first use, and `careledger
serve`, its workers and `careledger token` may all get there at once. Each writes what it
would keep to a private temporary file beside the target, then hard-links it into place:
the link fails if the target exists already, so one of them wins, and no one ever reads a
file half written or, for a moment, readable by others. On a file system without hard
links the draft is moved into place if nothing is there yet: still never half written,
but two callers at the same moment may each put theirs, the second replacing the first.
"""

import os
import tempfile
from collections.abc import Callable
from pathlib import Path


def made_once(path: Path, make: Callable[[], bytes]) -> bool:
    """Creates ``path`` holding ``make()``, mode 0600, unless it exists; whether this call
    made it (the one that did not reads the winner's)."""
    if path.exists():
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, draft = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")  # mode 0600
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(make())
            file.flush()
            os.fsync(file.fileno())
        try:
            os.link(draft, path)
        except FileExistsError:
            return False
        except OSError:  # a file system without hard links: moved into place, if not there
            if path.exists():
                return False
            os.replace(draft, path)
        return True
    finally:
        if os.path.exists(draft):
            os.unlink(draft)
