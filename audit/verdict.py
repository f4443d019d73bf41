"""The audit verdict: the store checked against its integrity record (``verify``), and the
record against every checkpoint the service has signed. The command line and the API
give the same verdict from here.

A checkpoint is evidence only when its signature holds. One that claims the service's
key and does not hold was forged or altered; one that holds but covers more events than
the store has is evidence that events were deleted; one that holds but whose root the
record no longer gives is evidence that the store and record were rewritten together."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from audit import notes
from audit.checkpoints import Checkpoint, CheckpointLog, key_id_of_pem, signature_holds
from audit.verify import Verification, verify
from domain.application import CarePlanning
from projections.view import View

EVERY_CHECKPOINT = 1_000_000  # more than a log signs in its life, checked in one read


@dataclass(frozen=True)
class AuditVerdict:
    verification: Verification
    stored: int  # the store's last position
    held: int  # how many events the store holds
    checkpoints: int  # checkpoints looked at
    forged: tuple[Checkpoint, ...]  # claim the service's key; the signature fails
    lost: tuple[Checkpoint, ...]  # signed, over more events than the store holds
    broken: tuple[Checkpoint, ...]  # signed, with a root the record no longer gives
    other_keys: int  # signed with keys other than the service's (rotated out): not checked
    threshold: int = 0  # the cosignatures of configured witnesses a checkpoint needs
    witnessed: Checkpoint | None = None  # the largest carrying them
    forged_cosignatures: tuple[tuple[int, str], ...] = ()  # (size, witness) not holding

    @property
    def intact(self) -> bool:
        unwitnessed = self.threshold > 0 and self.witnessed is None
        return self.verification.intact and not (
            self.forged or self.lost or self.broken or self.forged_cosignatures or unwitnessed
        )

    def findings(self) -> list[str]:
        """What was found, one line each, the first bad position or checkpoint named."""
        lines = []
        if (f := self.verification.finding) is not None:
            lines.append(f"{f.kind} at position {f.position}: {f.detail}")
        for c in self.forged:
            lines.append(
                f"checkpoint-forged: the checkpoint of {c.size} events dated {c.at} "
                "claims the service's key, and its signature does not hold"
            )
        if self.lost:
            c = self.lost[0]  # the largest
            lines.append(
                f"checkpoint-beyond-store: the checkpoint of {c.size} events dated {c.at} "
                f"covers more than the {self.held} the store holds: the events after "
                f"position {self.stored} are gone"
            )
        for c in self.broken:
            lines.append(
                f"checkpoint-broken: the record no longer gives the root of the "
                f"checkpoint of {c.size} events dated {c.at}"
            )
        for size, witness in self.forged_cosignatures:
            lines.append(
                f"cosignature-forged: the cosignature of {witness} on the checkpoint "
                f"of {size} events does not hold"
            )
        if self.threshold > 0 and self.witnessed is None:
            lines.append(
                f"checkpoint-unwitnessed: no checkpoint carries the cosignatures of "
                f"{self.threshold} of the configured witnesses"
            )
        return lines

    def as_json(self) -> dict[str, Any]:
        v = self.verification
        return {
            "intact": self.intact,
            "checked": v.checked,
            "unrecorded": v.unrecorded,
            "root": v.root,
            "seconds": round(v.seconds, 3),
            "stored": self.stored,
            "held": self.held,
            "checkpoints": self.checkpoints,
            "checkpoints_other_keys": self.other_keys,
            "finding": None if v.finding is None else {
                "kind": v.finding.kind, "position": v.finding.position,
                "detail": v.finding.detail},
            "checkpoints_forged": [c.as_json() for c in self.forged],
            "checkpoints_beyond_store": [c.as_json() for c in self.lost],
            "checkpoints_broken": [c.as_json() for c in self.broken],
            "witness_threshold": self.threshold,
            "witnessed": self.witnessed.as_json() if self.witnessed else None,
            "cosignatures_forged": [{"size": s, "witness": w}
                                    for s, w in self.forged_cosignatures],
            "findings": self.findings(),
        }  # fmt: skip


def audit_record(planning: CarePlanning, view: View, public_pem: str,
                 witnesses: Mapping[str, Ed25519PublicKey] | None = None,
                 threshold: int = 0, progress: Callable[[int, int], None] | None = None
                 ) -> AuditVerdict:  # fmt: skip
    """The store against the record, the record against every checkpoint, and the
    checkpoints' cosignatures against the configured witnesses' keys; ``progress`` as
    ``verify`` tells it."""
    log = CheckpointLog(view)
    every = log.recent(EVERY_CHECKPOINT)  # largest first; read first, so that each covers
    verification = verify(planning, view, progress)  # only events stored before it began
    stored = planning.recorder.max_notification_id() or 0
    # how many events the store holds (positions may have gaps: a rolled-back insert)
    held = verification.checked + verification.unrecorded
    ours = key_id_of_pem(public_pem)
    claimed = [c for c in every if c.key_id == ours]
    signed = [c for c in claimed if signature_holds(c, public_pem)]
    forged = tuple(c for c in claimed if c not in signed)
    lost = tuple(c for c in signed if c.size > held) if verification.intact else ()
    broken = tuple(log.broken_among([c for c in signed if c.size <= held]))
    witnessed, forged_cosignatures = _witnessed(log, signed, witnesses or {}, threshold)
    return AuditVerdict(verification, stored, held, len(every), forged, lost, broken,
                        len(every) - len(claimed), threshold, witnessed,
                        forged_cosignatures)  # fmt: skip


def _witnessed(log: CheckpointLog, signed: list[Checkpoint],
               witnesses: Mapping[str, Ed25519PublicKey], threshold: int
               ) -> tuple[Checkpoint | None, tuple[tuple[int, str], ...]]:  # fmt: skip
    """The largest checkpoint cosigned by ``threshold`` of the witnesses, and each
    cosignature in a configured witness's name that does not hold."""
    witnessed, forged = None, []
    for checkpoint in signed:  # largest first
        if checkpoint.origin is None:
            continue
        holding = 0
        for line in log.cosignature_lines(checkpoint):
            try:
                cosignature = notes.Signature.parse(line)
            except notes.NoteError:
                forged.append((checkpoint.size, "a line that is not a signature"))
                continue
            public = witnesses.get(cosignature.name)
            if public is None:
                continue  # a witness not configured here: ignored, as the note spec says
            text = checkpoint.text()
            if notes.cosignature_time(text, cosignature, cosignature.name, public) is None:
                forged.append((checkpoint.size, cosignature.name))
            else:
                holding += 1
        if witnessed is None and threshold > 0 and holding >= threshold:
            witnessed = checkpoint
    return witnessed, tuple(forged)
