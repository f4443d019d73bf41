"""Reads the staff directory from a TOML file, with clear errors, and reads it again when
the file changes (at most once a second), so a change of staff needs no restart. A file
that no longer reads keeps the last directory that did, and says so in the log."""

import threading
import time
import tomllib
from pathlib import Path
from typing import Annotated

import structlog
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from api.schemas.common import REF_MAX_LENGTH, REF_PATTERN
from domain.directory import Directory, StaffMember

DEFAULT_DIRECTORY_FILE = Path(__file__).with_name("directory.toml")
CHECK_EVERY_SECONDS = 1.0

log = structlog.get_logger()

_Ref = Field(max_length=REF_MAX_LENGTH, pattern=REF_PATTERN)


class _Member(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str = _Ref
    team: str = _Ref
    authority_level: str | None = Field(default=None, min_length=1, max_length=64)
    line_manager: str | None = Field(default=None, max_length=REF_MAX_LENGTH, pattern=REF_PATTERN)
    panel_member: bool = False
    covers: list[Annotated[str, _Ref]] = Field(default_factory=list, max_length=50)


class _Panel(BaseModel):
    model_config = ConfigDict(extra="forbid")
    quorum: int = Field(default=2, ge=1, le=20)


class _DirectoryFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    panel: _Panel = _Panel()
    staff: list[_Member] = Field(default_factory=list)


def load_directory(path: Path = DEFAULT_DIRECTORY_FILE) -> Directory:
    """The directory in ``path``; raises ``ValueError`` naming what is wrong with it."""
    with path.open("rb") as file:
        parsed = _DirectoryFile.model_validate(tomllib.load(file))
    ids = [m.id for m in parsed.staff]
    if len(set(ids)) != len(ids):
        raise ValueError(f"{path}: a staff id is listed twice")
    staff = tuple(StaffMember(**{**m.model_dump(), "covers": tuple(m.covers)})
                  for m in parsed.staff)  # fmt: skip
    return Directory(staff, parsed.panel.quorum)


class DirectoryFile:
    """The directory in a file, as it stands: ``current()`` is called for each request
    and each decision, and looks at the file at most once a second."""

    def __init__(self, path: Path, every: float = CHECK_EVERY_SECONDS) -> None:
        self.path, self.every = path, every
        self._lock = threading.Lock()
        self._stamp = self._stat()
        self._directory = load_directory(path)  # a file that does not read stops start-up
        self._checked = time.monotonic()

    def _stat(self) -> tuple[int, int]:
        info = self.path.stat()
        return info.st_mtime_ns, info.st_size

    def current(self) -> Directory:
        now = time.monotonic()
        if now - self._checked < self.every:
            return self._directory
        with self._lock:
            if now - self._checked >= self.every:
                self._checked = now
                self._reload_if_changed()
        return self._directory

    def _reload_if_changed(self) -> None:
        try:
            stamp = self._stat()
            if stamp == self._stamp:
                return
            directory = load_directory(self.path)
            if self._directory.staff and not directory.staff:
                # most likely caught half-written: write the file whole (rename it in)
                raise ValueError("the file now lists no staff at all")
            self._directory = directory
            self._stamp = stamp
            log.info("directory.reloaded", path=str(self.path), staff=len(self._directory.staff))
        except (OSError, ValueError) as error:
            log.error("directory.unreadable", path=str(self.path), error=_described(error),
                      keeping=len(self._directory.staff))  # fmt: skip


def _described(error: Exception) -> str:
    """What is wrong, without the values (a name typed where a reference belongs)."""
    if isinstance(error, ValidationError):
        return "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}"
                         for e in error.errors(include_input=False))  # fmt: skip
    return str(error)  # a file's own trouble (unreadable, not TOML): no values in it
