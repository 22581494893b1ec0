"""Time and peak memory against input size, to show that reading stays linear.

    python benchmarks/input_scaling.py [--sizes 1000,4000,16000]

Each case is an input that a super-linear pattern or join once made slow (a glued token over
every line, one long unnumbered block, thousands of removable notes in one reference, long
runs of leading spaces). For each size it prints seconds and peak MiB; the last column is the
time per unit of size relative to the smallest size (about 1 when growth is linear).
"""

from __future__ import annotations

import argparse
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from refcheck.extract import InputSource, extract_document
from refcheck.models import RawReference
from refcheck.parse import parse_reference


def _read_text(text: str) -> None:
    extract_document(InputSource(path="bench.txt", data=text.encode(), suffix=".txt"))


def _parse(text: str) -> None:
    parse_reference(RawReference(number=1, text=text, line=1))


def _find_duplicates(text: str) -> None:
    from refcheck.pipeline import parse_documents
    from refcheck.validate.citations import find_duplicates

    document = extract_document(InputSource(path="bench.txt", data=text.encode(), suffix=".txt"))
    find_duplicates(parse_documents([document])[0].references)


def _similar_list(count: int) -> str:
    lines = [
        f"Author{n:05d} A, Writer B. Study number {n:05d} of many things. J Test. "
        f"{1950 + n % 70};{n % 90 + 1}({n % 12 + 1}):{n}-{n + 9}."
        for n in range(1, count + 1)
    ]
    return "References\n\n" + "\n\n".join(lines) + "\n"


CASES: dict[str, tuple[Callable[[int], str], Callable[[str], None]]] = {
    "glued token per line (txt)": (lambda n: "immuno-\n" * n, _read_text),
    "one unnumbered block (txt)": (lambda n: "word\n" * n, _read_text),
    "paragraphs after a list (txt)": (
        lambda n: (
            "References\n\n1. Quill A. T. J Fict. 2019;1:1.\n\n"
            + "Long paragraph, 2019.\n\n" * (n // 4)
        ),
        _read_text,
    ),
    "notes in one reference (parse)": (
        lambda n: "Quill A. Title. " + "Published 2020. " * (n // 2),
        _parse,
    ),
    "leading spaces (parse)": (lambda n: " " * n + "Quill A. Title. J Fict. 2001;1:1-2.", _parse),
    # A tenth of the size in references: each one is parsed as well.
    "similar references (duplicates)": (lambda n: _similar_list(n // 10), _find_duplicates),
}


def measure(
    make: Callable[[int], str], run: Callable[[str], None], size: int
) -> tuple[float, float]:
    text = make(size)
    tracemalloc.start()
    started = time.perf_counter()
    run(text)
    seconds = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return seconds, peak / 2**20


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,4000,16000")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"{'case':34} {'size':>7} {'seconds':>9} {'peak MiB':>9} {'per-unit ratio':>15}")
    for name, (make, run) in CASES.items():
        base: float | None = None
        for size in sizes:
            seconds, mib = measure(make, run, size)
            per_unit = seconds / size
            base = base or per_unit
            print(f"{name:34} {size:7} {seconds:9.3f} {mib:9.1f} {per_unit / base:15.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
