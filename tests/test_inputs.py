"""read_input and the format dispatch: paths, standard input, and inputs that must be refused."""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from refcheck.errors import InputError
from refcheck.extract import INPUT_FORMATS, InputSource, detect_format, extract_document, read_input

REF = "Col NF, Ngo L, Fortin JM. Decision making and menopause. Lancet. 2006;368:1021-30."


def test_reads_a_file(tmp_path: Path) -> None:
    path = tmp_path / "Paper.MD"
    path.write_text(f"# References\n\n1. {REF}\n")
    source = read_input(str(path))
    assert source == InputSource(path=str(path), data=path.read_bytes(), suffix=".md")
    document = extract_document(source)
    assert [(ref.number, ref.text, ref.line) for ref in document.references] == [(1, REF, 3)]
    assert document.path == str(path)


def test_reads_standard_input(monkeypatch: pytest.MonkeyPatch) -> None:
    data = f"References\n1. {REF}\n".encode()
    fake = io.TextIOWrapper(io.BytesIO(data))
    monkeypatch.setattr(sys, "stdin", fake)
    source = read_input("-")
    assert source.path == "<stdin>"
    assert source.suffix == ""
    document = extract_document(source)
    assert document.path == "<stdin>"
    assert [ref.text for ref in document.references] == [REF]


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_input(str(tmp_path / "absent.txt"))


def test_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="directory"):
        read_input(str(tmp_path))


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads everything")
def test_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("x")
    path.chmod(0)
    with pytest.raises(InputError, match="permission"):
        read_input(str(path))


def test_too_large(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"a" * 2048)
    with pytest.raises(InputError, match="too large"):
        read_input(str(path), max_bytes=1024)
    assert len(read_input(str(path), max_bytes=4096).data) == 2048


def test_too_large_standard_input(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"a" * 100)))
    with pytest.raises(InputError, match="too large"):
        read_input("-", max_bytes=10)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"   \n\n\t  \n", "empty"),
        (b"\x7fELF\x02\x01\x01\x00\x00\x00" + bytes(range(256)) * 4, "binary"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    ],
)
def test_refused_text(data: bytes, reason: str) -> None:
    with pytest.raises(InputError, match=reason):
        extract_document(InputSource(path="x.txt", data=data, suffix=".txt"))


def test_unknown_format_override() -> None:
    with pytest.raises(InputError, match="unknown input format"):
        extract_document(InputSource(path="x.txt", data=b"x", suffix=".txt"), "odt")


def test_format_override_beats_suffix() -> None:
    source = InputSource(path="refs.dat", data=f"References\n1. {REF}\n".encode(), suffix=".dat")
    assert detect_format(source) == "txt"
    assert [ref.text for ref in extract_document(source, "md").references] == [REF]


def test_formats_are_listed() -> None:
    assert INPUT_FORMATS == ("txt", "md", "docx", "tex", "pdf", "bib", "ris")


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b"%PDF-1.7\n", "pdf"),
        (b"PK\x03\x04rest", "docx"),
        (b"TY  - JOUR\n", "ris"),
        (b"@article{key,\n", "bib"),
        (b"\\begin{thebibliography}{9}\n", "tex"),
        (b"References\n1. x\n", "txt"),
    ],
)
def test_sniffing_without_a_suffix(head: bytes, expected: str) -> None:
    assert detect_format(InputSource(path="<stdin>", data=head, suffix="")) == expected


@pytest.mark.parametrize("suffix", [".txt", ".md", ".docx", ".pdf", ".tex", ".bib", ".ris"])
def test_garbage_never_raises_anything_but_input_error(suffix: str) -> None:
    junk = bytes((index * 37) % 256 for index in range(5000))
    try:
        extract_document(InputSource(path="junk" + suffix, data=junk, suffix=suffix))
    except InputError as error:
        assert "\n" not in str(error)


@settings(max_examples=60, deadline=None)
@given(
    text=st.text(
        alphabet=st.sampled_from(
            [*"abcXYZ019 .,;:-–()[]{}\\@%#*_<>/\n\t\"'^~$&=", "ü", "ß", "¹", "\u00ad"]
        ),
        max_size=400,
    ),
    fmt=st.sampled_from(["txt", "md", "tex", "bib", "ris"]),
)
def test_any_text_gives_a_document_or_an_input_error(text: str, fmt: str) -> None:
    for prefix in (
        "",
        "References\n",
        "@article{k,\n",
        "\\begin{thebibliography}{9}\n\\bibitem{a} ",
        "TY  - JOUR\n",
    ):
        source = InputSource(path="fuzz", data=(prefix + text).encode(), suffix="")
        try:
            document = extract_document(source, fmt)
        except InputError as error:
            assert "\n" not in str(error)
            continue
        for reference in document.references:
            assert reference.text == reference.text.strip()
            assert "\n" not in reference.text
