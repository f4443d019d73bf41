"""``make bench``: prints a table of figures, each beside a baseline measured in the same
run on the same machine. Benchmarks measure; the tests check behaviour."""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from api.directory_file import DEFAULT_DIRECTORY_FILE
from tests.bench.audit import audit_rows
from tests.bench.baseline import Raw, raw_saves_per_second, sqlite_env
from tests.bench.in_process import decisions_per_second
from tests.bench.load import LoadResult, median_round, run_load
from tests.bench.projections import load, make_log, measure, measure_apart, rate
from tests.e2e.conftest import (
    TEST_SECRET,
    child_processes,
    free_port,
    token_for,
    wait_until_up,
)
from tests.postgres_server import PostgresServer

BIN = Path(sys.executable).parent
TWO_AUTHORITIES = ("north-council", "south-council")


def peak_rss_mb(pid: int) -> float:
    """The high-water resident memory of a process and its children (started by any of
    its threads), in MB."""
    pids = [pid, *child_processes(pid)]
    total = 0
    for p in pids:
        for line in Path(f"/proc/{p}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                total += int(line.split()[1])
    return total / 1024


@contextmanager
def server(store_env: dict[str, str], workers: int) -> Iterator[tuple[str, int]]:
    """The service as it would run: on SQLite, the read models kept by the one process
    `careledger serve` starts beside its workers (`make run`); on PostgreSQL, by
    `careledger projections run`, started apart (production). Either keeps up for the
    whole run."""
    port = free_port()
    apart = store_env.get("CARELEDGER_STORE") == "postgres"
    env = {**os.environ, **store_env, "CARELEDGER_JWT_SECRET": TEST_SECRET,
           "CARELEDGER_LOG_LEVEL": "warning",
           "CARELEDGER_PROJECTIONS": "external" if apart else "process"}  # fmt: skip
    process = subprocess.Popen(
        [str(BIN / "careledger"), "serve", "--port", str(port), "--development", "--workers",
         str(workers)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    follower = None
    try:
        for _ in range(3 * workers):
            wait_until_up(url, process)
        if apart:
            follower = subprocess.Popen([str(BIN / "careledger"), "projections", "run"],
                                        env=env, stdout=subprocess.DEVNULL)  # fmt: skip
        yield url, process.pid
    finally:
        process.terminate()
        process.wait(timeout=30)
        if follower is not None:
            follower.terminate()
            follower.wait(timeout=30)


def decisions(store_env: dict[str, str], workers: int, clients: Sequence[int], total: int,
              rounds: int, authority: str | None = None,
              ) -> tuple[dict[int, LoadResult], float]:  # fmt: skip
    """For each number of clients, ``rounds`` runs of ``total`` decisions between them, on
    one server (by staff of ``authority``, where it serves several): the round of median
    rate, with every round's latencies."""
    named = {"authority": authority} if authority else {}
    token = token_for(("staff-1001", "practitioner"), **named)
    with server(store_env, workers) as (url, pid):
        run_load(url, token, clients[0], max(5, total // clients[0] // 10))  # warm up
        results = {n: median_round([run_load(url, token, n, total // n) for _ in range(rounds)])
                   for n in clients}  # fmt: skip
        return results, peak_rss_mb(pid)


def own_copy(file: Path, beside: Path) -> Path:
    """A copy of ``file``, for one authority of several (each has its own staff)."""
    copy = beside.with_name(f"{beside.name}-{file.name}")
    shutil.copy(file, copy)
    return copy


def median_of(rounds: int, measure: Callable[[int], float]) -> float:
    """The median of ``rounds`` measurements (each told its round): one short run moves
    by a tenth or more on a machine shared with other work."""
    return statistics.median(measure(i) for i in range(rounds))


def raw_threads(env: dict[str, str], threads: int, saves: int) -> float:
    """Several threads saving at once, as several workers do."""
    rates: list[float] = []
    Raw(env).close()  # the tables, made once: threads making them at once collide
    made = {**env, "CREATE_TABLE": "n"}  # even "if not exists" ("tuple concurrently updated")

    def run() -> None:
        rates.append(raw_saves_per_second(made, saves))

    pool = [threading.Thread(target=run) for _ in range(threads)]
    began = time.perf_counter()
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    assert len(rates) == threads, "a thread of the baseline failed"
    return threads * saves / (time.perf_counter() - began)


def described(result: LoadResult, rss: float) -> str:
    """The median round's rate; latencies over every round, and any errors."""
    errors = f", {result.errors} refused" if result.errors else ""
    return (f"{result.rate:,.0f}/s (p50 {result.p50:.1f} ms, p99 {result.percentile(0.99):.1f}"
            f" ms, peak {rss:.0f} MB{errors})")  # fmt: skip


def row(name: str, figure: str, baseline: str, ratio: str, target: str) -> str:
    return f"| {name} | {figure} | {baseline} | {ratio} | {target} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--decisions", type=int, default=2000, help="per HTTP run")
    parser.add_argument("--saves", type=int, default=2000, help="per raw-library run")
    parser.add_argument("--events", type=int, default=100_000, help="for projection rebuilds")
    parser.add_argument("--library-events", type=int, default=20_000,
                        help="for the library's per-event path (slower)")  # fmt: skip
    parser.add_argument("--audit-events", type=int, default=1_000_000,
                        help="in the store the audit figures are measured on")  # fmt: skip
    parser.add_argument("--rounds", type=int, default=3,
                        help="runs of each figure (odd); the median is shown")  # fmt: skip
    parser.add_argument("--only", choices=("http", "projections", "audit"), default=None)
    args = parser.parse_args()
    if args.rounds < 1 or args.rounds % 2 == 0:
        parser.error("--rounds takes an odd number: the median is one of the runs")
    home = Path(tempfile.mkdtemp(prefix="careledger-bench-"))
    lines = [row("measure", "figure", "baseline (same run)", "ratio", "target"),
             "|---|---|---|---|---|"]  # fmt: skip

    try:
        if args.only in (None, "http"):
            lines += http_rows(home, args)
        if args.only in (None, "projections"):
            lines += projection_rows(home, args)
        if args.only in (None, "audit"):
            lines += audit_rows(home, args.audit_events)
    finally:
        shutil.rmtree(home, ignore_errors=True)  # stores of a gigabyte or more
    print("\n".join(lines))


def http_rows(home: Path, args: argparse.Namespace) -> list[str]:
    lines: list[str] = []
    raw_sqlite = median_of(args.rounds, lambda i: raw_saves_per_second(
        sqlite_env(home / f"raw-{i}.sqlite"), args.saves))  # fmt: skip
    direct = median_of(args.rounds, lambda i: decisions_per_second(
        home / f"in-process-{i}.sqlite", args.decisions))  # fmt: skip
    lines.append(row("decisions/s in process, SQLite, no HTTP (one thread)", f"{direct:,.0f}/s",
                     f"raw library saves {raw_sqlite:,.0f}/s", f"{direct / raw_sqlite:.2f}x",
                     "-"))  # fmt: skip
    unsealed = median_of(args.rounds, lambda i: decisions_per_second(
        home / f"unsealed-{i}.sqlite", args.decisions, sealed=False))  # fmt: skip
    lines.append(row("the same, personal fields sealed (KEEP-2)", f"{direct:,.0f}/s",
                     f"stored whole {unsealed:,.0f}/s", f"{direct / unsealed:.2f}x",
                     "≥ 0.90x"))  # fmt: skip
    # SQLite is served by one worker (`serve` refuses more): it writes one transaction
    # at a time, and the worker batches concurrent decisions into one
    store = {"CARELEDGER_STORE": "sqlite", "CARELEDGER_SQLITE_PATH": str(home / "http.sqlite")}
    results, rss = decisions(store, 1, (8, 16), args.decisions, args.rounds)
    for clients, result in results.items():
        lines.append(row(
            f"HTTP decisions/s, SQLite, 1 worker, {clients} clients", described(result, rss),
            f"raw library saves {raw_sqlite:,.0f}/s", f"{result.rate / raw_sqlite:.2f}x",
            "≥ 0.70x"))  # fmt: skip
    # the same load on a deployment serving two authorities (decision 0011), to one of them
    tenants = home / "tenants.toml"
    tenants.write_text("".join(
        f'[authorities.{name}]\nsqlite_path = "{home / name}.sqlite"\n'
        f'audit_dev_key_file = "{home / name}-audit.pem"\n'
        f'directory_file = "{own_copy(DEFAULT_DIRECTORY_FILE, home / name)}"\n'
        f'shred_log_file = "{home / name}-shred.jsonl"\n' for name in TWO_AUTHORITIES))  # fmt: skip
    two = {"CARELEDGER_STORE": "sqlite", "CARELEDGER_TENANTS_FILE": str(tenants),
           "CARELEDGER_AUTHORITY": TWO_AUTHORITIES[0]}  # fmt: skip
    shared, shared_rss = decisions(two, 1, (16,), args.decisions, args.rounds,
                                   authority=TWO_AUTHORITIES[0])  # fmt: skip
    lines.append(row(
        "the same, 16 clients, on a deployment serving two authorities",
        described(shared[16], shared_rss), f"one authority {results[16].rate:,.0f}/s",
        f"{shared[16].rate / results[16].rate:.2f}x", "≥ 0.90x"))  # fmt: skip

    postgres = PostgresServer.start()
    try:
        postgres.create_database()
        # one worker per core, as deployed (at least two), and as many baseline threads
        workers = max(2, os.cpu_count() or 2)
        raw_pg = median_of(args.rounds, lambda _: raw_threads(
            postgres.env(postgres.new_schema()), workers, args.saves // workers))  # fmt: skip
        store = {"CARELEDGER_STORE": "postgres", "CARELEDGER_POSTGRES_PORT": str(postgres.port),
                 "CARELEDGER_POSTGRES_USER": "postgres",
                 "CARELEDGER_POSTGRES_SCHEMA": postgres.new_schema()}  # fmt: skip
        results, rss = decisions(store, workers, (12,), args.decisions, args.rounds)
        lines.append(row(
            f"HTTP decisions/s, PostgreSQL, {workers} workers, 12 clients",
            described(results[12], rss), f"raw library saves, {workers} threads {raw_pg:,.0f}/s",
            f"{results[12].rate / raw_pg:.2f}x", "≥ 0.75x"))  # fmt: skip
    finally:
        postgres.stop()
    return lines


def projection_rows(home: Path, args: argparse.Namespace) -> list[str]:
    """Every read model rebuilt from a log of ``--events`` events, beside the library's
    per-event path on the first ``--library-events`` of the same log."""
    log = make_log(args.events)
    small = log[: args.library_events]
    lines: list[str] = []

    def describe(result: dict[str, Any]) -> str:
        return (f"{rate(result):,.0f} events/s ({result['positions']:,} events in "
                f"{result['seconds']:.1f} s, peak {result['peak_mb']:.0f} MB)")  # fmt: skip

    events = sqlite_env(home / "log.sqlite")
    load(log, events)
    ours = measure("batched", events, sqlite_env(home / "views.sqlite"))
    alone = {name: measure(name, events, sqlite_env(home / f"{name}.sqlite"))
             for name in ("work_queues", "plan_facts")}  # fmt: skip
    apart = measure_apart(list(alone), events, sqlite_env(home / "apart.sqlite"))
    library = measure("per-event", events, sqlite_env(home / "library.sqlite"), len(small))
    lines.append(row("projection rebuild, SQLite, every read model in one pass",
                     describe(ours), f"library Projection, one transaction per event: "
                     f"{describe(library)}", f"{rate(ours) / rate(library):.1f}x",
                     "≥ 20,000 events/s"))  # fmt: skip
    lines.append(row("projection rebuild, SQLite, every read model, a process each",
                     describe(apart), "-", "-", "≥ 20,000 events/s"))  # fmt: skip
    for name, result in alone.items():
        lines.append(row(f"projection rebuild, SQLite, {name} alone", describe(result),
                         "-", "-", "≥ 20,000 events/s"))  # fmt: skip

    postgres = PostgresServer.start()
    try:
        postgres.create_database()
        events = postgres.env(postgres.new_schema())
        load(log, events)
        ours = measure("batched", events, postgres.env(postgres.new_schema()))
        events_small = postgres.env(postgres.new_schema())
        load(small, events_small)
        library = measure("library-runner", events_small, postgres.env(postgres.new_schema()))
        lines.append(row("projection rebuild, PostgreSQL, every read model in one pass",
                         describe(ours), f"library ProjectionRunner: {describe(library)}",
                         f"{rate(ours) / rate(library):.1f}x", "-"))  # fmt: skip
    finally:
        postgres.stop()
    return lines


if __name__ == "__main__":
    main()
