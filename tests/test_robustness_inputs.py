"""Hostile and odd inputs from the outside: every one ends in a report or in exit 2 with one
line ``refcheck: error: ...`` on stderr; never a traceback, never a half-written stdout."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from cli_env import CLEAN_ENV
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from refcheck.cli import app

ROOT = Path(__file__).resolve().parents[1]


REFERENCE = "1. LeCun Y, Bengio Y, Hinton G. Deep learning. Nature. 2015;521(7553):436-44.\n"


def run(*args: str, stdin: bytes | str | None = None) -> Any:
    return CliRunner().invoke(app, list(args), env=CLEAN_ENV, input=stdin)


def assert_no_crash(result: Any) -> None:
    """The run ended through the CLI's own exit, not an escaped exception."""
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"escaped exception: {result.exception!r}") from result.exception
    assert "Traceback" not in result.stderr
    assert result.exit_code in (0, 2), result.output


def assert_input_error(result: Any, *needles: str) -> None:
    """Exit 2, exactly one ``refcheck: error:`` line on stderr, nothing on stdout."""
    assert_no_crash(result)
    assert result.exit_code == 2, result.output
    lines = result.stderr.splitlines()
    errors = [line for line in lines if line.startswith("refcheck: error: ")]
    assert len(errors) == 1, result.stderr
    assert all(line.startswith("refcheck: ") for line in lines), result.stderr
    assert result.stdout == ""
    for needle in needles:
        assert needle in errors[0], errors[0]


def parse_json(path: Path | str, *extra: str) -> Any:
    return run("parse", str(path), "--format", "json", *extra)


def docx_bytes(document_xml: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/'
            '2006/content-types"/>',
        )
        archive.writestr("word/document.xml", document_xml)
    return buffer.getvalue()


# --------------------------------------------------------------------------- refused inputs

REFUSED: list[tuple[str, str, bytes]] = [
    ("empty", "paper.txt", b""),
    ("only-space", "paper.txt", b" \n\t\r\n  "),
    ("binary", "paper.txt", bytes(range(256)) * 4),
    ("nul-bytes", "paper.txt", b"1. Smith J. A title. J Foo. 2001;1:1-2.\x00\x00\x00\n"),
    ("random", "paper.dat", os.urandom(4096)),
    ("empty-docx", "paper.docx", b""),
    ("text-as-docx", "paper.docx", REFERENCE.encode()),
    ("truncated-docx", "paper.docx", docx_bytes("<w:document/>")[:150]),
    ("zip-without-document", "paper.docx", b"PK\x05\x06" + b"\x00" * 18),
    ("html-as-pdf", "paper.pdf", b"<!doctype html><html><body>Not found</body></html>"),
    ("truncated-pdf", "paper.pdf", b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R"),
    ("empty-pdf", "paper.pdf", b""),
    ("pdf-header-only", "paper.pdf", b"%PDF-1.4\n%%EOF\n"),
    ("utf16-bad", "paper.txt", b"\xff\xfe\x00\xd8"),
    ("ris-binary", "refs.ris", b"TY  - JOUR\n\x00\x01\x02\x03"),
]


@pytest.mark.parametrize(("name", "filename", "data"), REFUSED, ids=[r[0] for r in REFUSED])
def test_unreadable_inputs_exit_2_with_one_line(
    tmp_path: Path, name: str, filename: str, data: bytes
) -> None:
    path = tmp_path / filename
    path.write_bytes(data)
    result = parse_json(path)
    assert_input_error(result, str(path))


NOTHING_TO_READ: list[tuple[str, str, bytes]] = [
    ("bib-garbage", "refs.bib", b"@article{,,,}}}{{{ @@@ }\n@book{"),
    ("ris-garbage", "refs.ris", b"TY  - \nER  -\nXX  - ???\n"),
    ("ris-empty-records", "refs.ris", b"TY  - JOUR\nER  - \n\nTY  - BOOK\nER  -\n"),
    ("tex-no-bibliography", "paper.tex", b"\\documentclass{article}\\begin{document}{{{"),
    ("prose", "paper.txt", b"Just a sentence with no reference list at all.\n"),
    ("markdown-headings-only", "paper.md", b"# Title\n\n## References\n\n"),
]


@pytest.mark.parametrize(
    ("name", "filename", "data"), NOTHING_TO_READ, ids=[r[0] for r in NOTHING_TO_READ]
)
def test_readable_files_without_references_warn_and_report_none(
    tmp_path: Path, name: str, filename: str, data: bytes
) -> None:
    # Text that holds no reference is a manuscript with an empty list, said on stderr.
    path = tmp_path / filename
    path.write_bytes(data)
    result = parse_json(path)
    assert_no_crash(result)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["files"][0]["references"] == []
    lines = result.stderr.splitlines()
    assert lines and all(line.startswith("refcheck: warning: ") for line in lines), lines


def test_a_docx_bomb_is_refused(tmp_path: Path) -> None:
    # 200 MB of zeros compressed into a few hundred kilobytes: never inflated whole.
    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            chunk = b"<" + b"a" * (2**20 - 1)
            for _ in range(200):
                member.write(chunk)
    assert_input_error(parse_json(path), str(path))


def test_docx_with_an_entity_expansion_is_refused(tmp_path: Path) -> None:
    xml = (
        '<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body><w:p><w:r><w:t>&b;</w:t></w:r></w:p></w:body></w:document>"
    )
    path = tmp_path / "entities.docx"
    path.write_bytes(docx_bytes(xml))
    assert_input_error(parse_json(path), str(path))


def test_missing_file_directory_and_unreadable_file(tmp_path: Path) -> None:
    assert_input_error(parse_json(tmp_path / "nope.txt"), "nope.txt", "no such file")
    assert_input_error(parse_json(tmp_path), "directory")
    locked = tmp_path / "locked.txt"
    locked.write_text(REFERENCE, encoding="utf-8")
    locked.chmod(0)
    try:
        if os.access(locked, os.R_OK):
            pytest.skip("running as root: permissions are not enforced")
        assert_input_error(parse_json(locked), "locked.txt", "permission denied")
    finally:
        locked.chmod(0o644)


def test_symlink_loop_and_dangling_symlink(tmp_path: Path) -> None:
    loop = tmp_path / "loop.txt"
    loop.symlink_to(loop)
    assert_input_error(parse_json(loop), "loop.txt")
    dangling = tmp_path / "dangling.txt"
    dangling.symlink_to(tmp_path / "gone.txt")
    assert_input_error(parse_json(dangling), "dangling.txt")


def test_empty_standard_input() -> None:
    assert_input_error(run("parse", "-", "--format", "json", stdin=b""), "<stdin>")


def _subprocess(args: list[str], *, stdin: bytes = b"", timeout: float = 20) -> Any:
    env = {k: v for k, v in os.environ.items() if k not in CLEAN_ENV}
    return subprocess.run(
        [sys.executable, "-m", "refcheck", *args],
        input=stdin,
        capture_output=True,
        timeout=timeout,
        env=env,
        cwd=ROOT,
    )


def test_a_fifo_with_no_writer_does_not_hang(tmp_path: Path) -> None:
    fifo = tmp_path / "refs.txt"
    os.mkfifo(fifo)
    done = _subprocess(["parse", str(fifo), "--format", "json"], timeout=20)
    assert done.returncode == 2, done.stderr
    assert done.stderr.decode().startswith("refcheck: error: ")
    assert len(done.stderr.decode().splitlines()) == 1
    assert b"Traceback" not in done.stderr


def test_a_pipe_that_has_data_is_read(tmp_path: Path) -> None:
    # What `refcheck parse <(cat refs.txt)` does: a path that is a pipe with a writer.
    read_end, write_end = os.pipe()
    os.write(write_end, REFERENCE.encode())
    os.close(write_end)
    done = subprocess.run(
        [sys.executable, "-m", "refcheck", "parse", f"/dev/fd/{read_end}", "--format", "json"],
        capture_output=True,
        timeout=20,
        pass_fds=(read_end,),
        cwd=ROOT,
    )
    os.close(read_end)
    assert done.returncode == 0, done.stderr
    refs = json.loads(done.stdout)["files"][0]["references"]
    assert refs[0]["parsed"]["year"] == 2015


def test_the_real_process_prints_no_traceback_for_binary_stdin() -> None:
    done = _subprocess(["parse", "-"], stdin=os.urandom(2048))
    assert done.returncode == 2
    assert done.stderr.decode().startswith("refcheck: error: <stdin>")
    assert b"Traceback" not in done.stderr and done.stdout == b""


# --------------------------------------------------------------------------- odd but readable


def _references(result: Any) -> list[dict[str, Any]]:
    assert_no_crash(result)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    return list(data["files"][0]["references"])


@pytest.mark.parametrize(
    ("name", "encoded"),
    [
        ("utf16-bom", "\ufeff".encode("utf-16-le") + REFERENCE.encode("utf-16-le")),
        ("utf16-be-bom", b"\xfe\xff" + REFERENCE.encode("utf-16-be")),
        ("utf8-bom", b"\xef\xbb\xbf" + REFERENCE.encode()),
        ("cp1252", "1. Müller J, Gómez A. Café au lait. J Foo. 2001;1:1-2.\n".encode("cp1252")),
        (
            "mixed",
            "1. Müller J. Über alles. J Foo. 2001;1:1-2.\n".encode()
            + "2. Gómez A. Café. J Bar. 2002;2:3-4.\n".encode("latin-1"),
        ),
    ],
)
def test_encodings_are_read_or_refused_cleanly(tmp_path: Path, name: str, encoded: bytes) -> None:
    path = tmp_path / "paper.txt"
    path.write_bytes(encoded)
    refs = _references(parse_json(path))
    assert refs and refs[0]["parsed"]["year"] in (2001, 2015)


def test_utf16_without_bom_is_read_or_refused_cleanly(tmp_path: Path) -> None:
    path = tmp_path / "paper.txt"
    path.write_bytes(REFERENCE.encode("utf-16-le"))
    result = parse_json(path)
    assert_no_crash(result)
    if result.exit_code == 0:
        refs = json.loads(result.stdout)["files"][0]["references"]
        assert refs[0]["parsed"]["year"] == 2015
    else:
        assert_input_error(result, str(path))


def test_a_single_reference(tmp_path: Path) -> None:
    path = tmp_path / "one.txt"
    path.write_text(REFERENCE, encoding="utf-8")
    (ref,) = _references(parse_json(path))
    assert ref["number"] == 1 and ref["parsed"]["journal"] == "Nature"


def test_ten_thousand_references(tmp_path: Path) -> None:
    # Unnumbered, one per paragraph: printed numbers stop at four digits (see the next test).
    lines = [
        f"Author{n} A, Writer B. Study number {n} of many things. J Test. "
        f"{1950 + n % 70};{n % 90 + 1}({n % 12 + 1}):{n}-{n + 9}."
        for n in range(1, 10_001)
    ]
    path = tmp_path / "many.txt"
    path.write_text("References\n\n" + "\n\n".join(lines) + "\n", encoding="utf-8")
    refs = _references(parse_json(path))
    assert len(refs) == 10_000
    assert refs[-1]["parsed"]["year"] == 1950 + 10_000 % 70


def test_a_numbered_list_of_9999_references(tmp_path: Path) -> None:
    lines = [
        f"{n}. Author{n} A, Writer B. Study number {n} of many things. J Test. "
        f"{1950 + n % 70};{n % 90 + 1}({n % 12 + 1}):{n}-{n + 9}."
        for n in range(1, 10_000)
    ]
    path = tmp_path / "many.txt"
    path.write_text("References\n\n" + "\n".join(lines) + "\n", encoding="utf-8")
    refs = _references(parse_json(path))
    assert [r["number"] for r in refs] == list(range(1, 10_000))


def test_a_huge_single_line(tmp_path: Path) -> None:
    path = tmp_path / "line.txt"
    path.write_text("x" * 5_000_000 + "\n" + REFERENCE, encoding="utf-8")
    result = parse_json(path)
    assert_no_crash(result)


def test_deeply_nested_markdown(tmp_path: Path) -> None:
    nested = "> " * 2000 + "- " * 2000 + "[" * 3000 + "text" + "]" * 3000
    path = tmp_path / "deep.md"
    path.write_text(f"# Paper\n\n{nested}\n\n## References\n\n{REFERENCE}", encoding="utf-8")
    assert_no_crash(parse_json(path))


def test_latex_with_unbalanced_braces(tmp_path: Path) -> None:
    path = tmp_path / "paper.tex"
    path.write_text(
        "\\documentclass{article}\\begin{document}\\cite{a}\n"
        "\\begin{thebibliography}{9}\n"
        "\\bibitem{a} LeCun Y. {Deep {learning. \\emph{Nature}. 2015;521:436-44.\n"
        "\\bibitem{b} Smith J}}}. Another. J Foo. 2001;1:1-2.\n"
        "\\end{thebibliography}\\end{document}\n" + "{" * 5000,
        encoding="utf-8",
    )
    assert_no_crash(parse_json(path))


def test_bibtex_with_broken_entries_keeps_the_good_ones(tmp_path: Path) -> None:
    path = tmp_path / "refs.bib"
    path.write_text(
        "@article{good, author={LeCun, Yann}, title={Deep learning}, journal={Nature},"
        " year={2015}, volume={521}, pages={436--444}}\n"
        "@article{broken, author={Smith, John, title={Unclosed\n"
        "@misc{, title=}\n",
        encoding="utf-8",
    )
    result = parse_json(path)
    assert_no_crash(result)
    if result.exit_code == 0:
        titles = [r["parsed"]["title"] for r in json.loads(result.stdout)["files"][0]["references"]]
        assert "Deep learning" in titles


def doubling_strings(count: int) -> str:
    """``count`` @strings, each the one before joined to itself: 16 * 2**count characters
    from a few hundred bytes (the BibTeX form of a "billion laughs")."""
    lines = ['@string{s0 = "xxxxxxxxxxxxxxxx"}']
    lines += [f"@string{{s{n} = s{n - 1} # s{n - 1}}}" for n in range(1, count + 1)]
    return "\n".join(lines) + "\n"


def test_bib_strings_that_double_each_other_are_refused(tmp_path: Path) -> None:
    # 20 doublings make 16 million characters: past the limit, and still small enough that
    # a reader without one finishes (40 would ask for 16 TiB).
    path = tmp_path / "refs.bib"
    path.write_text(
        doubling_strings(20) + "@article{good, author={LeCun, Yann}, title={Deep learning},"
        " journal=s20, year={2015}, volume={521}, pages={436--444}}\n",
        encoding="utf-8",
    )
    assert_input_error(parse_json(path), "refs.bib", "@string", "6,000,000")


def test_many_fields_joining_long_strings_are_refused(tmp_path: Path) -> None:
    # Each field's join makes a new 40,000-character text from 10 bytes: 200 of them
    # are 8 million characters.
    long = "y" * 20_000
    fields = ", ".join(f"f{n} = a # a" for n in range(200))
    path = tmp_path / "refs.bib"
    path.write_text(
        f'@string{{a = "{long}"}}\n@article{{k, title={{T}}, {fields}}}\n', encoding="utf-8"
    )
    assert_input_error(parse_json(path), "refs.bib", "@string")


def test_bib_strings_joined_within_the_limit_are_read(tmp_path: Path) -> None:
    path = tmp_path / "refs.bib"
    path.write_text(
        doubling_strings(3) + "@article{good, author={LeCun, Yann}, title={Deep learning},"
        ' journal=s3 # " " # {Nature}, year={2015}, volume={521}, pages={436--444}}\n',
        encoding="utf-8",
    )
    result = parse_json(path)
    assert result.exit_code == 0, result.output
    [reference] = json.loads(result.stdout)["files"][0]["references"]
    assert reference["parsed"]["journal"] == "x" * 128 + " Nature"


# --------------------------------------------------------------------------- fuzzing

SUFFIXES = [".txt", ".md", ".docx", ".tex", ".pdf", ".bib", ".ris", ""]


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    data=st.one_of(
        st.binary(max_size=600),
        st.text(max_size=400).map(lambda s: s.encode("utf-8", "surrogatepass")),
        st.sampled_from([b"PK\x03\x04", b"%PDF-1.4\n", b"TY  - JOUR\n", b"@article{"]).flatmap(
            lambda head: st.binary(max_size=300).map(lambda tail: head + tail)
        ),
    ),
    suffix=st.sampled_from(SUFFIXES),
)
def test_fuzz_any_bytes_give_a_parse_or_exit_2(
    tmp_path_factory: pytest.TempPathFactory, data: bytes, suffix: str
) -> None:
    path = tmp_path_factory.mktemp("fuzz") / f"input{suffix}"
    path.write_bytes(data)
    for fmt in ("json", "table"):
        result = run("parse", str(path), "--format", fmt)
        assert_no_crash(result)
        if result.exit_code == 2:
            assert_input_error(result)
        elif fmt == "json":
            json.loads(result.stdout)


# --------------------------------------------------------------------------- damaged real files


def _real_pdf() -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.multi_cell(0, 6, "Deep networks learn [1].\n\nReferences\n\n" + REFERENCE)
    return bytes(pdf.output())


def _real_docx() -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("Deep networks learn [1].")
    document.add_heading("References", level=1)
    document.add_paragraph(REFERENCE.strip())
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(("suffix", "make"), [(".pdf", _real_pdf), (".docx", _real_docx)])
def test_real_files_read_whole_and_damaged(tmp_path: Path, suffix: str, make: Any) -> None:
    data = make()
    whole = tmp_path / f"whole{suffix}"
    whole.write_bytes(data)
    refs = _references(parse_json(whole))
    assert [r["parsed"]["year"] for r in refs] == [2015]
    damaged = tmp_path / f"damaged{suffix}"
    # Cut short at many points, and with bytes overwritten in the middle: a parse or exit 2.
    cuts = sorted({len(data) * k // 23 for k in range(1, 23)} | {1, 4, 10, len(data) - 1})
    variants = [data[:cut] for cut in cuts]
    variants += [data[:at] + b"\xff" * 64 + data[at + 64 :] for at in cuts[::3]]
    for variant in variants:
        damaged.write_bytes(variant)
        result = parse_json(damaged)
        assert_no_crash(result)
        if result.exit_code == 2:
            assert_input_error(result, str(damaged))
        else:
            json.loads(result.stdout)


def test_a_reader_that_goes_away_gets_no_traceback(tmp_path: Path) -> None:
    # `refcheck parse paper.txt | head -1`: the pipe closes before the output is written.
    path = tmp_path / "paper.txt"
    path.write_text(REFERENCE * 5, encoding="utf-8")
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "refcheck", "parse", str(path), "--format", "json"],
            stdout=write_end,
            stderr=subprocess.PIPE,
            timeout=20,
            cwd=ROOT,
        )
    finally:
        os.close(write_end)
    assert done.returncode == 141
    assert done.stderr == b""


def test_control_characters_never_reach_a_report(tmp_path: Path) -> None:
    # An escape sequence in a manuscript (or DEL, C1 controls) would drive the terminal of
    # whoever reads the table or the Markdown report.
    path = tmp_path / "paper.md"
    path.write_bytes(
        b"Text cites [1].\n\nReferences\n\n1. LeCun Y, Bengio Y. Deep \x1b[31mlearning\x01"
        b"\x7f. Nature. 2015;521:436-44.\n"
    )
    for args in (
        ("parse", str(path)),
        ("parse", str(path), "--format", "json"),
        ("check", str(path), "--offline", "--no-cache", "--isolated", "-f", "markdown"),
        ("check", str(path), "--offline", "--no-cache", "--isolated", "-f", "table"),
        ("check", str(path), "--offline", "--no-cache", "--isolated", "-f", "junit"),
    ):
        result = run(*args)
        assert_no_crash(result)
        controls = [c for c in result.stdout if (ord(c) < 32 and c != "\n") or 127 <= ord(c) < 160]
        assert controls == [], (args, controls)
    refs = _references(parse_json(path))
    assert refs[0]["parsed"]["title"] == "Deep [31mlearning"


@pytest.mark.parametrize("closed", [0, 1, 2])
def test_closed_standard_streams(tmp_path: Path, closed: int) -> None:
    # `refcheck parse - <&-`, `refcheck parse paper.txt >&-`, `... 2>&-`: a stream that is
    # None in Python, never an AttributeError.
    path = tmp_path / "paper.txt"
    path.write_text(REFERENCE, encoding="utf-8")
    read_end, write_end = os.pipe()  # stderr of the child, when it is not the closed one
    args = ["parse", "-" if closed == 0 else str(path)]

    def close_stream() -> None:
        os.close(closed)

    try:
        done = subprocess.run(
            [sys.executable, "-m", "refcheck", *args],
            stdin=None if closed == 0 else subprocess.DEVNULL,
            stdout=None if closed == 1 else subprocess.DEVNULL,
            stderr=write_end if closed != 2 else None,
            preexec_fn=close_stream,
            timeout=20,
            cwd=ROOT,
        )
    finally:
        os.close(write_end)
    with os.fdopen(read_end, "rb") as stream:
        stderr = stream.read().decode()
    assert "Traceback" not in stderr
    if closed == 0:
        assert done.returncode == 2 and "standard input is closed" in stderr
    elif closed == 1:
        assert done.returncode == 2 and "standard output is closed" in stderr
    else:
        assert done.returncode == 0


def _similar_references(count: int) -> Any:
    from refcheck.extract import extract_document
    from refcheck.extract.source import InputSource
    from refcheck.pipeline import parse_documents

    lines = [
        f"Author{n:05d} A, Writer B. Study number {n:05d} of many things. J Test. "
        f"{1950 + n % 70};{n % 90 + 1}({n % 12 + 1}):{n}-{n + 9}."
        for n in range(1, count + 1)
    ]
    text = "References\n\n" + "\n\n".join(lines) + "\n"
    document = extract_document(InputSource("many.txt", text.encode(), ".txt"))
    return parse_documents([document])[0].references


def test_duplicate_search_over_many_similar_references() -> None:
    # Its time against the list's size is measured by benchmarks/input_scaling.py (it was
    # quadratic: ~40 s for 10,000 references); here, only what it finds.
    from refcheck.validate.citations import find_duplicates

    references = _similar_references(1000)
    assert find_duplicates(references) == []
    copy = _similar_references(3)
    repeated = [*copy, copy[1]]
    assert [position for position, _ in find_duplicates(repeated)] == [3]


_BROKEN_STAGE = """
import sys
import refcheck.pipeline
from refcheck.cli import main

def broken(documents):
    raise ValueError("a bug in a stage")

refcheck.pipeline.parse_documents = broken
sys.argv = ["refcheck", "parse", sys.argv[1]]
main()
"""


@pytest.mark.parametrize("debug", [False, True])
def test_a_bug_is_one_line_unless_debugging(tmp_path: Path, debug: bool) -> None:
    # The last-resort handler, exercised with a stage made to fail in a child process.
    path = tmp_path / "paper.txt"
    path.write_text(REFERENCE, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in CLEAN_ENV}
    if debug:
        env["REFCHECK_DEBUG"] = "1"
    done = subprocess.run(
        [sys.executable, "-c", _BROKEN_STAGE, str(path)],
        capture_output=True,
        timeout=20,
        cwd=ROOT,
        env=env,
    )
    stderr = done.stderr.decode()
    if debug:
        assert "Traceback" in stderr and "a bug in a stage" in stderr
    else:
        assert done.returncode == 2
        (line,) = stderr.splitlines()
        assert line.startswith("refcheck: error: internal error (ValueError: a bug in a stage)")


@pytest.mark.parametrize(
    ("filename", "data", "hint"),
    [
        ("paper.docx", REFERENCE.encode(), "try --input-format txt"),
        ("paper.pdf", b"<!DOCTYPE html><html><body>Error 404</body></html>", "HTML page"),
        ("paper.pdf", b"@article{a, title={T}, year={2015}}", "try --input-format bib"),
        ("paper.docx", b"TY  - JOUR\nTI  - T\nER  - \n", "try --input-format ris"),
        ("paper.txt", b"%PDF-1.4\n\x00\x01\x02\x03%%EOF\n", "try --input-format pdf"),
        ("paper.md", docx_bytes("<w:document/>"), "try --input-format docx"),
    ],
)
def test_a_refused_file_says_what_it_looks_like(
    tmp_path: Path, filename: str, data: bytes, hint: str
) -> None:
    path = tmp_path / filename
    path.write_bytes(data)
    assert_input_error(parse_json(path), str(path), hint)
