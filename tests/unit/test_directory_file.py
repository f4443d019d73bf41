"""The staff directory file: read with clear errors, and read again when it changes, so a
change of staff needs no restart (a file that stops reading keeps the last good one)."""

from pathlib import Path

import pytest
import structlog.testing

from api.directory_file import DEFAULT_DIRECTORY_FILE, DirectoryFile, load_directory
from domain.actors import Actor, Role

SIGNER = """
[[staff]]
id = "staff-7001"
team = "north-locality"
authority_level = "{level}"
"""


def test_a_change_to_the_file_is_read_without_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "directory.toml"
    path.write_text(SIGNER.format(level="team_manager"))
    directory = DirectoryFile(path, every=0)
    claimed = Actor("staff-7001", Role.SIGN_OFF_OFFICER, authority_level="approval_panel")

    before = directory.current().resolve(claimed)
    path.write_text(SIGNER.format(level="head_of_service"))
    after = directory.current().resolve(claimed)
    path.write_text("[[staff]]\nid = 'staff-7001'\n")  # no team: does not read
    kept = directory.current().resolve(claimed)

    assert (before.authority_level, before.team) == ("team_manager", "north-locality")
    assert after.authority_level == "head_of_service"
    assert kept.authority_level == "head_of_service"


@pytest.mark.parametrize(
    ("text", "says"),
    [("[[staff]]\nid = 'a'\nteam = 't'\n[[staff]]\nid = 'a'\nteam = 'u'\n", "listed twice"),
     ("[[staff]]\nid = 'John Smith'\nteam = 't'\n", "pattern"),
     ("[[staff]]\nid = 'a'\nteam = 't'\nlevel = 'x'\n", "Extra inputs"),
     ("[panel]\nquorum = 0\n", "greater than or equal to 1"),
     ("[[staff]]\nid = 'a'\nteam = 't'\ncovers = ['North Team']\n", "pattern")],
    ids=["an id twice", "a name, not a reference", "an unknown key", "no quorum",
         "a covered team not a reference"],
)  # fmt: skip
def test_a_directory_that_does_not_read_says_why(tmp_path: Path, text: str, says: str) -> None:
    path = tmp_path / "directory.toml"
    path.write_text(text)

    with pytest.raises(ValueError, match=says):
        load_directory(path)


def test_someone_not_in_the_directory_has_no_team_and_no_level() -> None:
    directory = load_directory(DEFAULT_DIRECTORY_FILE)
    stranger = Actor("staff-9003", Role.SIGN_OFF_OFFICER, authority_level="head_of_service",
                     team="east-locality")  # fmt: skip

    resolved = directory.resolve(stranger)

    assert (resolved.authority_level, resolved.team) == (None, None)  # the token's word
    assert directory.resolve(Actor("staff-0201", Role.PRACTITIONER)).authority_level is None


def test_a_directory_that_stops_reading_is_logged_without_its_values(tmp_path: Path) -> None:
    path = tmp_path / "directory.toml"
    path.write_text(SIGNER.format(level="team_manager"))
    directory = DirectoryFile(path, every=0)

    path.write_text("[[staff]]\nid = 'John Smith'\nteam = 'north-locality'\n")
    with structlog.testing.capture_logs() as logged:
        directory.current()

    [entry] = [e for e in logged if e["event"] == "directory.unreadable"]
    assert "staff.0.id" in entry["error"]
    assert "John Smith" not in repr(entry)


def test_a_reload_that_would_empty_the_directory_is_not_taken(tmp_path: Path) -> None:
    # a file caught half-written reads as no staff at all: every level and seat gone
    path = tmp_path / "directory.toml"
    path.write_text(SIGNER.format(level="team_manager"))
    directory = DirectoryFile(path, every=0)

    path.write_text("")
    kept = directory.current()

    assert [m.id for m in kept.staff] == ["staff-7001"]


def test_a_manager_covers_the_teams_the_directory_lists() -> None:
    directory = load_directory(DEFAULT_DIRECTORY_FILE)

    teams = ("north-locality", "south-locality", "east-locality")
    covered = [t for t in teams if directory.covers("staff-5001", t)]

    assert covered == ["north-locality", "south-locality"]
    assert not directory.covers("staff-1001", "south-locality")
