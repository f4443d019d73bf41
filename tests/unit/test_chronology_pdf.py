"""The chronology as a PDF: one page per screenful of rows, whatever a cell holds. Long
or many-line text is shown on one line and cut, so no row outgrows a page; characters
outside the built-in fonts' Latin-1 are shown, not refused."""

from dataclasses import replace
from datetime import UTC, datetime

from audit.checkpoints import Checkpoint
from audit.chronology import Checked, Chronology
from audit.chronology_pdf import CELL_MAX, _latin1, as_pdf
from audit.timeline import plan_timeline
from tests.conftest import memory_planning
from tests.lives import self_funder_life


def chronology_with(summary: str) -> Chronology:
    planning = memory_planning()
    case = self_funder_life(planning)
    steps = plan_timeline(case.plan_id, planning.history(case.plan_id), {})
    steps[1] = replace(steps[1], summary=summary, actor_id="staff-" + "9" * 300)
    checked = [Checked.NOT_YET_CHECKPOINTED] * len(steps)
    return Chronology(f"plan {case.plan_id}", datetime.now(UTC), steps, checked, None)


def test_a_row_of_long_many_line_text_still_fits_a_page() -> None:
    document = as_pdf(chronology_with("a reason\n" * 3000 + "x" * 6000))
    assert document.startswith(b"%PDF-")
    assert document.rstrip().endswith(b"%%EOF")


def test_text_is_one_line_cut_to_the_cell_and_in_latin_1() -> None:
    shown = _latin1("told \u201cZo\u00eb\u201d \u2013 by phone\n\nthen \u4e2d" + "y" * 1000)
    assert shown.startswith('told "Zo\u00eb" - by phone then ?')
    assert len(shown) == CELL_MAX
    assert shown.endswith("...")
    shown.encode("latin-1")  # every character is one the built-in fonts hold


def test_a_chronology_says_how_many_entries_its_checkpoint_covers() -> None:
    chronology = chronology_with("returned for more detail")
    n = len(chronology.steps)
    signed = Checkpoint(40, "ab" * 32, "cd" * 32, "2026-12-01T09:00:00+00:00", "k1", "sig")
    checked = [Checked.VERIFIED] * (n - 2) + [Checked.NOT_YET_CHECKPOINTED] * 2
    covered = replace(chronology, checkpoint=signed, checked=checked)
    lost = replace(covered, lost=1, missing_after=52)

    assert chronology.coverage() == (
        "No signed checkpoint covers these entries yet, so none is verified.")  # fmt: skip
    assert covered.coverage().startswith(
        f"Checked against the signed checkpoint of the first 40 events in the record (dated "
        f"2026-12-01T09:00:00+00:00, key k1, root {'ab' * 32}): it covers {n - 2} of these "
        f"{n} entries, of which {n - 2} verified; 2 recorded after it are not yet "
        "checkpointed.")  # fmt: skip
    assert covered.intact
    assert not lost.intact
    assert lost.coverage().endswith(
        "1 signed checkpoint(s) cover events the store no longer holds: events after "
        "position 52 were deleted.")  # fmt: skip
