"""CPU time of short refcheck invocations beside a bare interpreter (medians of N runs).

    python benchmarks/startup_cpu.py [--runs 9] [--cmd refcheck]

Each command runs as its own process; user + system CPU is read from the child's rusage, so
other load on the machine moves the figures less than wall time.
"""

from __future__ import annotations

import argparse
import resource
import shlex
import statistics
import subprocess
import sys


def cpu_seconds(argv: list[str]) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--cmd", default="refcheck", help="how to start refcheck")
    args = parser.parse_args()
    refcheck = shlex.split(args.cmd)
    cases = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "refcheck --help": [*refcheck, "--help"],
        "refcheck --version": [*refcheck, "--version"],
        "refcheck check (no file: exit 2)": [*refcheck, "check"],
    }
    samples: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(args.runs):  # in turns, so that load shifts touch every case alike
        for name, argv in cases.items():
            samples[name].append(cpu_seconds(argv))
    bare = statistics.median(samples["python -c pass"])
    print(f"CPU seconds, medians of {args.runs} runs")
    for name, values in samples.items():
        median = statistics.median(values)
        print(f"{name:<36}{median:>7.3f}  (+{median - bare:.3f} over bare python)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
