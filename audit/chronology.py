"""A chronology for a complaint file: the timeline of a plan or of a person's plans, each
decision checked against the latest signed checkpoint of the integrity record (its
stored bytes hashed again and proven to be in the signed tree), as JSON, CSV or a
printable HTML document."""

import csv
import io
from dataclasses import asdict, dataclass
from datetime import datetime
from enum import Enum
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from audit import proofs
from audit.checkpoints import Checkpoint
from audit.integrity import content_digest
from audit.json_data import spreadsheet_safe
from audit.timeline import Step
from domain.application import CarePlanning
from projections.rows import utc_iso
from projections.view import View

TEMPLATES = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=select_autoescape(("html", "j2")),
    trim_blocks=True,
    lstrip_blocks=True,
)


class Checked(Enum):
    """What the integrity record says of one decision."""

    VERIFIED = "verified"  # its bytes are unaltered and it is in the signed checkpoint
    NOT_YET_CHECKPOINTED = "not-yet-checkpointed"  # recorded after the latest checkpoint
    ALTERED = "altered"  # its bytes, or the record's proof of them, do not hold
    UNPLACED = "unplaced"  # the decision log has not reached it yet


@dataclass(frozen=True)
class Chronology:
    subject: str  # ``plan <id>`` or ``person <ref>``
    generated_at: datetime
    steps: list[Step]
    checked: list[Checked]  # one per step
    checkpoint: Checkpoint | None  # the latest whose signature holds under the service's key
    # later checkpoints passed over: signed with another key (one rotated out, say), or
    # forged; ``forged`` of them claim the service's own key, and their signature fails
    passed_over: int = 0
    forged: int = 0
    # checkpoints signed with the service's key whose root the record no longer gives
    broken: int = 0
    # checkpoints signed with the service's key over more events than the store holds:
    # events deleted, those after position ``missing_after``
    lost: int = 0
    missing_after: int | None = None

    @property
    def intact(self) -> bool:
        """No decision found altered, no checkpoint forged, every checkpoint signed with
        the service's key still given by the record, and none covering events the store
        no longer holds (some decisions may not be checkpointed yet)."""
        return (Checked.ALTERED not in self.checked and self.forged == 0 and self.broken == 0
                and self.lost == 0)  # fmt: skip

    @property
    def altered(self) -> bool:
        """Whether any entry's stored record, or its proof, no longer holds."""
        return Checked.ALTERED in self.checked

    @property
    def covered(self) -> int:
        """Entries in the checkpoint checked against (verified or found altered)."""
        return sum(1 for c in self.checked if c in (Checked.VERIFIED, Checked.ALTERED))

    def coverage(self) -> str:
        """In plain words: what the entries were checked against, how many it covers, and
        any evidence of tampering with the checkpoints."""
        total, c = len(self.steps), self.checkpoint
        if c is None:
            said = "No signed checkpoint covers these entries yet, so none is verified."
        else:
            later = total - self.covered
            said = (f"Checked against the signed checkpoint of the first {c.size} events in "
                    f"the record (dated {c.at}, key {c.key_id}, root {c.root}): it covers "
                    f"{self.covered} of these {total} entries, of which {self.verified} "
                    f"verified; {later} recorded after it are not yet checkpointed.")  # fmt: skip
        if self.lost:
            said += (
                f" {self.lost} signed checkpoint(s) cover events the store no longer "
                f"holds: events after position {self.missing_after} were deleted."
            )
        if self.forged:
            said += f" {self.forged} checkpoint(s) claim the service's key but are forged."
        if self.broken:
            said += (
                f" The record no longer gives the root of {self.broken} signed "
                "checkpoint(s): the store and record were rewritten."
            )
        return said

    @property
    def verified(self) -> int:
        return self.checked.count(Checked.VERIFIED)


def check_steps(planning: CarePlanning, integrity: View, steps: list[Step], public_pem: str,
                checkpoint: Checkpoint | None) -> list[Checked]:  # fmt: skip
    """Each step's event against ``checkpoint``: hashed again from the store, and its
    inclusion proof checked under the public key, as an auditor would offline."""
    return [_check(planning, integrity, s.position, public_pem, checkpoint) for s in steps]


def _check(planning: CarePlanning, integrity: View, position: int | None, public_pem: str,
           checkpoint: Checkpoint | None) -> Checked:  # fmt: skip
    if position is None:
        return Checked.UNPLACED
    if checkpoint is None:
        return Checked.NOT_YET_CHECKPOINTED
    try:
        document = proofs.inclusion(integrity, position, checkpoint)
    except proofs.NotInCheckpoint:
        return Checked.NOT_YET_CHECKPOINTED
    stored = planning.recorder.select_notifications(start=position, limit=1)
    if not stored or stored[0].id != position:
        return Checked.ALTERED
    if content_digest(stored[0]).hex() != document["content"]:
        return Checked.ALTERED
    holds, _why = proofs.check(document, public_pem)
    return Checked.VERIFIED if holds else Checked.ALTERED


def as_json(chronology: Chronology) -> dict[str, Any]:
    return {
        "subject": chronology.subject,
        "generated_at": chronology.generated_at.isoformat(),
        "checkpoint": chronology.checkpoint.as_json() if chronology.checkpoint else None,
        "intact": chronology.intact,
        "verified": chronology.verified,
        "checkpoints_passed_over": chronology.passed_over,
        "checkpoints_forged": chronology.forged,
        "checkpoints_broken": chronology.broken,
        "checkpoints_beyond_store": chronology.lost,
        "missing_after_position": chronology.missing_after,
        "covered": chronology.covered,
        "coverage": chronology.coverage(),
        "entries": [_plain_row(s, c) | {"grounds": s.grounds}
                    for s, c in zip(chronology.steps, chronology.checked, strict=True)],
    }  # fmt: skip


CSV_COLUMNS = (
    "occurred_at", "recorded_at", "backdated", "days_since_previous", "plan_id",
    "plan_version", "type", "actor_id", "role", "on_behalf_of", "authority_level", "summary",
    "to_be_told", "told_at", "told_by", "reasons_explained", "right_to_complain_due",
    "right_to_complain_explained", "position", "integrity",
)  # fmt: skip


def as_csv(chronology: Chronology) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, CSV_COLUMNS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for step, checked in zip(chronology.steps, chronology.checked, strict=True):
        writer.writerow({k: spreadsheet_safe(v) for k, v in _plain_row(step, checked).items()})
    return out.getvalue()


def plain_rows(chronology: Chronology) -> list[dict[str, Any]]:
    """Each entry as plain values, with what the integrity record says of it."""
    return [_plain_row(s, c) for s, c in zip(chronology.steps, chronology.checked, strict=True)]


def as_html(chronology: Chronology) -> str:
    rows = plain_rows(chronology)
    return TEMPLATES.get_template("chronology.html.j2").render(
        chronology=chronology, rows=rows,
        checkpoint=chronology.checkpoint.as_json() if chronology.checkpoint else None,
    )  # fmt: skip


def _plain_row(step: Step, checked: Checked) -> dict[str, Any]:
    telling = asdict(step.telling) if step.telling else {}
    return {
        "occurred_at": utc_iso(step.occurred_at),
        "recorded_at": utc_iso(step.recorded_at),
        "backdated": step.backdated,
        "days_since_previous": step.days_since_previous,
        "plan_id": str(step.plan_id),
        "plan_version": step.plan_version,
        "type": step.type,
        "actor_id": step.actor_id,
        "role": step.role,
        "on_behalf_of": step.on_behalf_of,
        "authority_level": step.authority_level,
        "summary": step.summary,
        "to_be_told": telling.get("recipient"),
        "told_at": telling["told_at"].isoformat() if telling.get("told_at") else None,
        "told_by": telling.get("told_by"),
        "reasons_explained": telling.get("reasons_explained"),
        "right_to_complain_due": telling.get("right_to_complain_due"),
        "right_to_complain_explained": telling.get("right_to_complain_explained"),
        "position": step.position,
        "integrity": checked.value,
    }
