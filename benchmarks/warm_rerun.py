"""Warm re-run: a whole `refcheck check` answered from its cache, beside the naive baseline.

Fills each tool's cache once from the benchmark kit's Crossref stand-in, then runs both on
the same file in turns (refcheck, naive, refcheck, ...) and reports the medians of wall time
and CPU time (user + system of the child process), with a bare `python -c pass` for scale.
Warm runs must send no request: the stand-in's log is checked.

    python benchmarks/warm_rerun.py [--n 100] [--runs 7] [--cmd refcheck]

Needs ../shared/bench (the kit); exits 2 with a message when it is absent.
"""

from __future__ import annotations

import argparse
import resource
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

KIT = Path(__file__).resolve().parent.parent.parent / "shared" / "bench"


def run_once(argv: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds of one child process (its output discarded)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):
        raise SystemExit(f"{shlex.join(argv)} exited {done.returncode}: {done.stderr[-500:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=100, help="references (default 100)")
    parser.add_argument("--runs", type=int, default=7, help="warm runs of each (default 7)")
    parser.add_argument("--cmd", default="refcheck", help="how to start refcheck")
    args = parser.parse_args()
    if not (KIT / "refbench.py").exists():
        print(f"warm_rerun: the benchmark kit is not at {KIT}", file=sys.stderr)
        return 2
    sys.path.insert(0, str(KIT))
    import refbench  # type: ignore[import-not-found]

    dataset = refbench.load_dataset(str(refbench.DEFAULT_DEV_MATCH))
    rows = [row for row in dataset if row["kind"] == "formatted"][: args.n]
    workdir = Path(tempfile.mkdtemp(prefix="warm-rerun-"))
    try:
        manuscript = workdir / "refs.txt"
        refbench.write_numbered(rows, str(manuscript))
        log = workdir / "requests.jsonl"

        class Kit:
            records = None
            no_distractors = True

        with refbench.Stub(refbench.base_records(Kit), [], log_path=str(log)) as stub:
            tools = {
                "refcheck": shlex.split(args.cmd),
                "naive": [sys.executable, str(KIT / "naive_refcheck.py")],
            }
            argv = {
                name: [
                    *cmd,
                    "check",
                    str(manuscript),
                    "--format",
                    "json",
                    "--crossref-url",
                    stub.url,
                    "--cache-dir",
                    str(workdir / f"cache-{name}"),
                    "--exit-zero",
                ]
                for name, cmd in tools.items()
            }
            for name in tools:  # cold: fill the caches
                run_once(argv[name])
            cold_requests = len(refbench.read_log(str(log)))
            times: dict[str, list[tuple[float, float]]] = {name: [] for name in tools}
            times["python -c pass"] = []
            for _ in range(args.runs):
                for name in tools:
                    times[name].append(run_once(argv[name]))
                times["python -c pass"].append(run_once([sys.executable, "-c", "pass"]))
            warm_requests = len(refbench.read_log(str(log))) - cold_requests
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    print(f"warm re-run of {len(rows)} references, medians of {args.runs} runs in turns")
    print(f"requests during the warm runs: {warm_requests} (must be 0)")
    print(f"{'':<16}{'wall s':>9}{'CPU s':>9}")
    medians = {}
    for name, samples in times.items():
        wall = statistics.median(s[0] for s in samples)
        cpu = statistics.median(s[1] for s in samples)
        medians[name] = (wall, cpu)
        print(f"{name:<16}{wall:>9.3f}{cpu:>9.3f}")
    ratio_wall = medians["refcheck"][0] / medians["naive"][0]
    ratio_cpu = medians["refcheck"][1] / medians["naive"][1]
    print(f"refcheck / naive: wall {ratio_wall:.2f}x, CPU {ratio_cpu:.2f}x")
    return 0 if warm_requests == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
