"""Parse throughput: references per second on one core, over the parse-dev texts.

Run from anywhere: ``python benchmarks/parse_throughput.py [--rounds N]``. It reads
``../shared/bench/data/parse-dev.jsonl`` relative to the repository and exits 0 with a
note when that file is absent. The best of several rounds is reported, since other
processes on the machine only ever slow a round down.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATASET = REPO / ".." / "shared" / "bench" / "data" / "parse-dev.jsonl"
sys.path.insert(0, str(REPO))

from refcheck.models import RawReference  # noqa: E402
from refcheck.parse import parse_reference  # noqa: E402


def load_texts(path: Path) -> list[str]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line)["text"] for line in handle if line.strip()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="timed rounds (best is kept)")
    parser.add_argument("--dataset", type=Path, default=DATASET)
    args = parser.parse_args(argv)
    if not args.dataset.exists():
        print(f"skipped: {args.dataset} not found")
        return 0
    raws = [RawReference(number=None, text=text, line=None) for text in load_texts(args.dataset)]
    for raw in raws:  # warm-up: first calls pay for lazy set-up
        parse_reference(raw)
    wall: list[float] = []
    cpu: list[float] = []
    for _ in range(max(1, args.rounds)):
        wall_start, cpu_start = time.perf_counter(), time.process_time()
        for raw in raws:
            parse_reference(raw)
        cpu.append(time.process_time() - cpu_start)
        wall.append(time.perf_counter() - wall_start)
    count = len(raws)
    print(f"references: {count}, rounds: {len(wall)}")
    # Wall time counts time lost to other processes on a shared machine; CPU time of this
    # single-threaded process is what one core spends.
    for label, timings in (("wall", wall), ("cpu", cpu)):
        best, median = min(timings), sorted(timings)[len(timings) // 2]
        print(
            f"{label:>4}: best {count / best:,.0f} refs/s ({best / count * 1e6:.1f} us/ref), "
            f"median {count / median:,.0f} refs/s"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
