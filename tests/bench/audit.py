"""Audit figures on an SQLite store of a million events (``--audit-events``): the
integrity record built by the runner; ``verify`` beside the floor cost of reading every
stored event through the library and hashing it; and proofs at that size (hashes, bytes
of JSON, time to make one). Each step runs in a process of its own and reports its peak
memory. ``python -m tests.bench.audit STEP HOME EVENTS`` runs one and prints JSON."""

import json
import random
import shutil
import subprocess
import sys
import time
from datetime import UTC, datetime
from hashlib import sha256
from pathlib import Path
from typing import Any

from audit import merkle, proofs
from audit.checkpoints import Checkpoint, CheckpointLog, Signer
from audit.integrity import LEAVES, IntegrityLedger, stored_subtree
from audit.verify import BATCH, verify
from projections.runner import Projections
from projections.view import View
from store.application import ServicePlanning
from tests import builders as b
from tests.bench.baseline import sqlite_env
from tests.bench.big_store import big_store
from tests.bench.rebuild import peak_mb

ROOT = Path(__file__).resolve().parents[2]
PROOFS = 200  # inclusion proofs timed, at random positions
Result = dict[str, Any]


def store_env(home: Path, events: int) -> dict[str, str]:
    return sqlite_env(home / f"events-{events}.sqlite")


def views_env(home: Path) -> dict[str, str]:
    return sqlite_env(home / "integrity.sqlite")


def build(home: Path, events: int) -> Result:
    began = time.perf_counter()
    big_store(events, Path(store_env(home, events)["SQLITE_DBNAME"]))
    return {"events": events, "seconds": time.perf_counter() - began}


def record(home: Path, events: int) -> Result:
    """The integrity record built from the first event by its runner, as
    ``careledger projections rebuild integrity`` does."""
    planning = ServicePlanning(env=store_env(home, events), directory=b.directory)
    projections = Projections(planning, [IntegrityLedger()], views_env(home), batch_size=1000)
    began = time.perf_counter()
    recorded = projections.runner("integrity").rebuild()
    seconds = time.perf_counter() - began
    projections.stop()
    planning.close()
    return {"events": recorded, "seconds": seconds}


def floor(home: Path, events: int) -> Result:
    """The least a check can cost: every stored event read through the library, in
    pages as large as ``verify`` reads, and its payload hashed once."""
    planning = ServicePlanning(env=store_env(home, events), directory=b.directory)
    began, start, read = time.perf_counter(), 0, 0
    while True:
        page = planning.recorder.select_notifications(start=start, limit=BATCH,
                                                      inclusive_of_start=False)  # fmt: skip
        for notification in page:
            sha256(notification.state).digest()
        read += len(page)
        if len(page) < BATCH:
            break
        start = page[-1].id
    seconds = time.perf_counter() - began
    planning.close()
    return {"events": read, "seconds": seconds}


def check(home: Path, events: int) -> Result:
    planning = ServicePlanning(env=store_env(home, events), directory=b.directory)
    view = View(IntegrityLedger(), views_env(home))
    result = verify(planning, view)
    view.close()
    planning.close()
    assert result.intact, result.finding
    assert result.unrecorded == 0, result.unrecorded
    return {"events": result.checked, "seconds": result.seconds}


def prove(home: Path, events: int) -> Result:
    """Checkpoints at half the record and at all of it; inclusion proofs at random
    positions against the latter, and the consistency proof between them."""
    view = View(IntegrityLedger(), views_env(home))
    signer = Signer.development(home / "checkpoint-key.pem")
    now = datetime.now(UTC)
    new = CheckpointLog(view).take(signer, now)
    assert new is not None
    assert new.size == events, new.size
    old = _checkpoint_at(view, signer, events // 2, now)
    positions = random.Random(0).sample(range(1, events + 1), min(PROOFS, events))
    took: list[float] = []
    for position in positions:
        began = time.perf_counter()
        inclusion = proofs.inclusion(view, position, new)
        took.append(time.perf_counter() - began)
    began = time.perf_counter()
    consistency = proofs.consistency(view, old, new)
    consistency_seconds = time.perf_counter() - began
    view.close()
    for document in (inclusion, consistency):
        holds, why = proofs.check(document, signer.public_pem())
        assert holds, why
    took.sort()
    return {"events": events, "old": old.size,
            "inclusion": _size(inclusion), "consistency": _size(consistency),
            "inclusion_p50_ms": 1000 * took[len(took) // 2],
            "inclusion_p99_ms": 1000 * took[min(len(took) - 1, int(len(took) * 0.99))],
            "consistency_ms": 1000 * consistency_seconds}  # fmt: skip


def _checkpoint_at(view: View, signer: Signer, size: int, now: datetime) -> Checkpoint:
    """A checkpoint of the record's first ``size`` events, as it would have been signed
    when the record had that many."""
    with view.reading() as rows:
        root = merkle.root(stored_subtree(rows), size).hex()
        last = rows.get(LEAVES, (size - 1,))
    assert last is not None
    return signer.sign(size, root, str(last["chain"]), now)


def _size(document: dict[str, Any]) -> dict[str, int]:
    return {"hashes": len(document["proof"]), "bytes": len(json.dumps(document).encode())}


STEPS = {"build": build, "record": record, "floor": floor, "verify": check, "prove": prove}


def run(step: str, home: Path, events: int) -> Result:
    """One step, in a process of its own; its result with its peak memory."""
    out = subprocess.run([sys.executable, "-m", "tests.bench.audit", step, str(home),
                          str(events)], cwd=ROOT, stdout=subprocess.PIPE, text=True,
                         check=True, timeout=3600).stdout  # fmt: skip
    result: Result = json.loads(out.strip().splitlines()[-1])
    return result


def rate(result: Result) -> float:
    return float(result["events"]) / float(result["seconds"])


def row(*cells: str) -> str:
    return "| " + " | ".join(cells) + " |"


def audit_rows(home: Path, events: int) -> list[str]:
    """The audit rows of ``make bench``: verify and the floor are each run twice,
    alternately, and the better of each is taken (the machine is shared)."""
    home = home / "audit"
    home.mkdir(parents=True, exist_ok=True)
    try:
        built = run("build", home, events)
        recorded = run("record", home, events)
        floors, checks = [], []
        for _ in range(2):
            floors.append(run("floor", home, events))
            checks.append(run("verify", home, events))
        proved = run("prove", home, events)
        small, large = (_timeline(home, n) for n in (1000, events))
    finally:
        shutil.rmtree(home, ignore_errors=True)
    best_floor, best_check = max(floors, key=rate), max(checks, key=rate)
    peak = max(r["peak_mb"] for r in checks)
    floor_text = (f"reading every event (select_notifications, pages of {BATCH:,}) and "
                  f"SHA-256 of each: {rate(best_floor):,.0f}/s")  # fmt: skip
    n = f"{events:,} events"
    lines = [
        row(f"benchmark store, SQLite, {n} (copies of whole plan lives)",
            f"built in {built['seconds']:.0f} s (peak {built['peak_mb']:.0f} MB)", "-", "-",
            "< 120 s"),
        row(f"integrity record built by the runner, SQLite, {n}",
            f"{rate(recorded):,.0f} events/s ({recorded['seconds']:.1f} s, "
            f"peak {recorded['peak_mb']:.0f} MB)", floor_text,
            f"{rate(recorded) / rate(best_floor):.2f}x", "-"),
        row(f"audit verify events/s, SQLite, {n}",
            f"{rate(best_check):,.0f} events/s ({best_check['seconds']:.1f} s, "
            f"peak {peak:.0f} MB)", floor_text,
            f"{rate(best_check) / rate(best_floor):.2f}x", "≥ 100,000 events/s"),
        row(f"inclusion proof at {n}",
            f"{proved['inclusion']['hashes']} hashes, {proved['inclusion']['bytes']:,} bytes "
            f"of JSON; made in p50 {proved['inclusion_p50_ms']:.2f} ms, p99 "
            f"{proved['inclusion_p99_ms']:.2f} ms ({PROOFS} positions; peak "
            f"{proved['peak_mb']:.0f} MB)", "-", "-", "-"),
        row(f"consistency proof, {proved['old']:,} → {n}",
            f"{proved['consistency']['hashes']} hashes, {proved['consistency']['bytes']:,} "
            f"bytes of JSON; made in {proved['consistency_ms']:.2f} ms", "-", "-", "-"),
    ]  # fmt: skip
    for name, key in (("timeline of one plan", "timeline"),
                      ("plan as of an instant", "as_of")):  # fmt: skip
        ratio = large[f"{key}_p99"] / small[f"{key}_p99"]
        lines.append(row(
            f"{name}, SQLite, {n} (p99 ≤ 20 ms)",
            f"p50 {large[f'{key}_p50']:.2f} ms, p99 {large[f'{key}_p99']:.2f} ms",
            f"at 1,000 events: p50 {small[f'{key}_p50']:.2f} ms, p99 "
            f"{small[f'{key}_p99']:.2f} ms", f"{ratio:.2f}x", "≤ 20 ms; ≤ 1.5x"))  # fmt: skip
    indexed = large["indexed"] / large["index_seconds"]
    lines.append(row(f"decision log built by the runner, SQLite, {n}",
                     f"{indexed:,.0f} events/s ({large['index_seconds']:.1f} s, peak "
                     f"{large['peak_mb']:.0f} MB)", "-", "-", "-"))  # fmt: skip
    return lines


def _timeline(home: Path, events: int) -> Result:
    out = subprocess.run([sys.executable, "-m", "tests.bench.timeline", str(home), str(events)],
                         cwd=ROOT, stdout=subprocess.PIPE, text=True, check=True,
                         timeout=3600).stdout  # fmt: skip
    result: Result = json.loads(out.strip().splitlines()[-1])
    return result


def main() -> None:
    step, home, events = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
    result = STEPS[step](home, events)
    result["peak_mb"] = peak_mb()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
