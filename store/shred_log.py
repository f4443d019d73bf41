"""The shred log (KEEP-3): one line for each data key destroyed, kept apart from the
store and its backups, so that a store restored from a backup made before an erasure can
have the erasure applied again (``careledger retention reapply``). A line names the key's
id, when and on what ground: nothing about the person."""

import json
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from domain.personal_data.erasing import ErasureGround


@dataclass(frozen=True)
class Shredded:
    key_id: str
    at: datetime
    ground: ErasureGround


class ShredLog:
    def __init__(self, path: Path) -> None:
        self.path = path

    def append(self, entry: Shredded) -> None:
        """Adds the line and waits for the disk: written before the key is destroyed."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        line = json.dumps({"key_id": entry.key_id, "at": entry.at.isoformat(),
                           "ground": entry.ground.value}, sort_keys=True)  # fmt: skip
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(fd, (line + "\n").encode())
            os.fsync(fd)
        finally:
            os.close(fd)

    def entries(self) -> list[Shredded]:
        if not self.path.exists():
            return []
        found = []
        for line in self.path.read_text().splitlines():
            if line.strip():
                data = json.loads(line)
                found.append(Shredded(str(data["key_id"]), datetime.fromisoformat(data["at"]),
                                      ErasureGround(data["ground"])))  # fmt: skip
        return found
