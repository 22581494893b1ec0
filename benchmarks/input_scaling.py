"""Time and peak memory against input size, to show that reading stays linear.

    python benchmarks/input_scaling.py [--sizes 1000,4000,16000] [--only files|patterns]

Two parts. "files": whole runs of ``refcheck check --offline --no-cache --format json`` on
generated manuscripts in each format (txt, bib, docx, pdf), each in its own process, timed
with its peak resident memory (so PDFium's and lxml's memory count too). "patterns": inputs
that a super-linear pattern or join once made slow (a glued token over every line, one long
unnumbered block, thousands of removable notes in one reference, long runs of leading
spaces), run in this process with tracemalloc. For each size it prints seconds and peak MiB;
the last column is the time per unit of size relative to the smallest size (about 1 when
growth is linear). File sizes scale with ``--sizes``: txt and docx hold size/2 references
and size/2 body paragraphs, bib size/2 entries, pdf size/50 pages (45 lines each).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
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
    # Over refcheck.limits.MAX_REFERENCE_CHARS only the ends of a reference are parsed.
    "leading spaces (parse)": (lambda n: " " * n + "Quill A. Title. J Fict. 2001;1:1-2.", _parse),
    # 20,000 of them took 25 s before the noise patterns matched the stripped line.
    "leading spaces before a reference (txt)": (
        lambda n: "References\n\n" + " " * n + "Quill A. Title. J Fict. 2001;1:1-2.\n",
        _read_text,
    ),
    # A tenth of the size in references: each one is parsed as well.
    "similar references (duplicates)": (lambda n: _similar_list(n // 10), _find_duplicates),
}


# --------------------------------------------------------------------------- whole files


def _reference(n: int) -> str:
    return (
        f"Author{n:05d} A, Writer B. Study number {n:05d} of many things. J Test. "
        f"{1950 + n % 70};{n % 90 + 1}({n % 12 + 1}):{n}-{n + 9}."
    )


def _paragraph(n: int) -> str:
    return f"Paragraph {n} of the body says something about a study [{n % 50 + 1}] and more."


def _txt_file(size: int, path: Path) -> None:
    half = size // 2
    body = "\n\n".join(_paragraph(n) for n in range(half))
    refs = "\n".join(f"{n}. {_reference(n)}" for n in range(1, half + 1))
    path.write_text(f"# Paper\n\n{body}\n\n# References\n\n{refs}\n", encoding="utf-8")


def _bib_file(size: int, path: Path) -> None:
    path.write_text(
        "".join(
            f"@article{{k{n},\n author={{Author{n:05d}, A and Writer, B}},\n"
            f" title={{Study number {n} of many things}},\n journal={{J Test}},\n"
            f" year={{{1950 + n % 70}}},\n volume={{{n % 90 + 1}}},\n"
            f" pages={{{n}--{n + 9}}}\n}}\n\n"
            for n in range(1, size // 2 + 1)
        ),
        encoding="utf-8",
    )


def _docx_file(size: int, path: Path) -> None:
    import docx

    document = docx.Document()
    half = size // 2
    for n in range(half):
        document.add_paragraph(_paragraph(n))
    document.add_heading("References", level=1)
    for n in range(1, half + 1):
        document.add_paragraph(f"{n}. {_reference(n)}")
    document.save(str(path))


def _pdf_file(size: int, path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("Helvetica", size=10)
    pages = max(1, size // 50)
    for page in range(pages):
        pdf.add_page()
        for line in range(45):
            text = _paragraph(page * 45 + line)
            pdf.cell(0, 5, text, new_x="LMARGIN", new_y="NEXT")
    pdf.add_page()
    pdf.cell(0, 5, "References", new_x="LMARGIN", new_y="NEXT")
    for n in range(1, 51):
        pdf.cell(0, 5, f"{n}. {_reference(n)}"[:110], new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))


FILES: dict[str, Callable[[int, Path], None]] = {
    "txt (refs + paragraphs)": _txt_file,
    "bib (entries)": _bib_file,
    "docx (refs + paragraphs)": _docx_file,
    "pdf (pages)": _pdf_file,
}


def measure_file(make: Callable[[int, Path], None], suffix: str, size: int) -> tuple[float, float]:
    """Seconds and peak resident MiB of one ``refcheck check`` run on a generated file."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"bench{suffix}"
        make(size, path)
        command = [sys.executable, "-m", "refcheck", "check", "--offline", "--no-cache"]
        command += ["--format", "json", "--exit-zero", str(path)]
        started = time.perf_counter()
        with open(os.devnull, "wb") as sink:
            process = subprocess.Popen(command, stdout=sink, stderr=subprocess.PIPE)
            _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        assert process.stderr is not None
        errors = process.stderr.read().decode(errors="replace").strip()
        process.stderr.close()
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"refcheck failed on {path.name} (size {size}): {errors}")
        return seconds, usage.ru_maxrss / 1024  # ru_maxrss is in KiB on Linux


# --------------------------------------------------------------------------- patterns


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
    parser.add_argument("--only", choices=("files", "patterns"), default=None)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"{'case':34} {'size':>7} {'seconds':>9} {'peak MiB':>9} {'per-unit ratio':>15}")
    suffixes = {name: "." + name.split()[0] for name in FILES}
    for name, make_file in FILES.items() if args.only != "patterns" else ():
        base = None
        for size in sizes:
            seconds, mib = measure_file(make_file, suffixes[name], size)
            per_unit = seconds / size
            base = base or per_unit
            print(f"{name:34} {size:7} {seconds:9.3f} {mib:9.1f} {per_unit / base:15.2f}")
    for name, (make, run) in CASES.items() if args.only != "files" else ():
        base: float | None = None
        for size in sizes:
            seconds, mib = measure(make, run, size)
            per_unit = seconds / size
            base = base or per_unit
            print(f"{name:34} {size:7} {seconds:9.3f} {mib:9.1f} {per_unit / base:15.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
