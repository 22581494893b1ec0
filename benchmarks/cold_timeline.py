"""Where a cold `refcheck check` spends its time against the rate-limited stand-in.

Runs refcheck and the naive baseline in turns against the benchmark kit's Crossref stand-in,
set up as `refbench.py perf` sets it up (20 searches/s, 3 at once, +150 ms per request, no
distractors), each with an empty cache, and reads the stand-in's request log:

- start-up: from starting the process to the first request reaching the server;
- the first request alone: until the second request starts (the public pool allows one at
  a time until the server has announced its limits);
- the server's own time per request (median), and the cycle: the mean time between the
  starts of consecutive requests on one of the concurrent slots;
- the floor such a run cannot go below with this start-up: start-up + requests / concurrency
  x the server's time per request.

    python benchmarks/cold_timeline.py [--n 60] [--runs 3] [--cmd refcheck]

Needs ../shared/bench (the kit); exits 2 with a message when it is absent.
"""

from __future__ import annotations

import argparse
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

KIT = Path(__file__).resolve().parent.parent.parent / "shared" / "bench"
CONCURRENCY = 3


def one_run(refbench: object, argv: list[str], log: Path) -> dict[str, float]:
    before = len(refbench.read_log(str(log)))  # type: ignore[attr-defined]
    started = time.time()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    total = time.time() - started
    entries = refbench.read_log(str(log))[before:]  # type: ignore[attr-defined]
    if not entries:
        raise SystemExit(f"{shlex.join(argv)} sent no request")
    starts = sorted(entry["t"] - entry["ms"] / 1000 for entry in entries)
    server = statistics.median(entry["ms"] / 1000 for entry in entries)
    startup = starts[0] - started
    # The k-th request on a slot follows the (k - CONCURRENCY)-th one.
    gaps = [b - a for a, b in zip(starts, starts[CONCURRENCY:], strict=False)]
    return {
        "total": total,
        "startup": startup,
        "alone": starts[1] - starts[0],
        "requests": len(entries),
        "server": server,
        "cycle": statistics.mean(gaps) if gaps else 0.0,
        "r429": sum(1 for entry in entries if entry.get("status") == 429),
        "floor": startup + len(entries) / CONCURRENCY * server,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=60, help="references (default 60)")
    parser.add_argument("--runs", type=int, default=3, help="cold runs of each (default 3)")
    parser.add_argument("--cmd", default="refcheck", help="how to start refcheck")
    args = parser.parse_args()
    if not (KIT / "refbench.py").exists():
        print(f"cold_timeline: the benchmark kit is not at {KIT}", file=sys.stderr)
        return 2
    sys.path.insert(0, str(KIT))
    import refbench  # type: ignore[import-not-found]

    rows = [r for r in refbench.load_dataset(str(refbench.DEFAULT_DEV_MATCH)) if r["kind"] == "formatted"]
    workdir = Path(tempfile.mkdtemp(prefix="cold-timeline-"))
    tools = {"refcheck": shlex.split(args.cmd), "naive": [sys.executable, str(KIT / "naive_refcheck.py")]}
    results: dict[str, list[dict[str, float]]] = {name: [] for name in tools}
    try:
        manuscript = workdir / "refs.txt"
        refbench.write_numbered(rows[: args.n], str(manuscript))
        log = workdir / "requests.jsonl"

        class Kit:
            records = None
            no_distractors = True

        limits = ["--enforce", "--list-rate", "20", "--doi-rate", "20"]
        limits += ["--concurrency", str(CONCURRENCY), "--latency-ms", "150"]
        with refbench.Stub(refbench.base_records(Kit), limits, log_path=str(log)) as stub:
            for run in range(args.runs):
                for name, cmd in tools.items():
                    argv = [*cmd, "check", str(manuscript), "--format", "json"]
                    argv += ["--crossref-url", stub.url, "--exit-zero"]
                    argv += ["--cache-dir", str(workdir / f"cache-{name}-{run}")]
                    results[name].append(one_run(refbench, argv, log))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    bound = args.n / 20
    print(f"cold runs of {args.n} references, medians of {args.runs} in turns; bound {bound:.2f} s")
    header = ["", "total s", "/bound", "start-up", "alone", "server", "cycle", "floor", "429s"]
    print("".join(f"{h:>10}" for h in header))
    for name, samples in results.items():
        med = {key: statistics.median(s[key] for s in samples) for key in samples[0]}
        cells = [
            f"{med['total']:.2f}",
            f"{med['total'] / bound:.2f}",
            f"{med['startup']:.3f}",
            f"{med['alone']:.3f}",
            f"{med['server']:.3f}",
            f"{med['cycle']:.3f}",
            f"{med['floor']:.2f}",
            f"{med['r429']:.0f}",
        ]
        print(f"{name:>10}" + "".join(f"{c:>10}" for c in cells))
    return 0


if __name__ == "__main__":
    sys.exit(main())
