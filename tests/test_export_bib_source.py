"""`refcheck bibtex` on a .bib: keys, braces, @set and crossref survive the export."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import bibtexparser
import pytest
from cli_env import CLEAN_ENV
from typer.testing import CliRunner

from refcheck.cli import app
from refcheck.export.item import ExportItem, citation_keys
from refcheck.models import ReferenceType

LIBRARY = r"""@string{jasa = "Journal of the American Statistical Association"}
@article{Coyne2006,
  author  = {Kaplan, E. L. and Meier, Paul},
  title   = {Nonparametric {Estimation} from {I}ncomplete Observations},
  journal = jasa,
  year    = 1985,
  keywords = {survival},
}
@set{myset, entryset = {Coyne2006,child}}
@inproceedings{child, author = {Doe, Jane}, title = {A talk on {DNA}}, pages = {1--9},
  crossref = {proc}}
@proceedings{proc, title = {Proceedings of {X}}, year = 1999, publisher = {P}}
"""


def bibtex(server: Any, path: Path, *extra: str) -> dict[str, Any]:
    result = CliRunner().invoke(
        app,
        ["bibtex", str(path), "--crossref-url", server.url, "--no-cache", "--isolated", *extra],
        env=CLEAN_ENV,
    )
    assert result.exit_code == 0, result.output
    library = bibtexparser.parse_string(result.stdout)
    assert not library.failed_blocks
    return {
        entry.key: (entry.entry_type, {f.key: f.value for f in entry.fields})
        for entry in library.entries
    } | {"_order": [entry.key for entry in library.entries]}


def test_keys_braces_set_and_crossref_survive(crossref_server: Any, tmp_path: Path) -> None:
    path = tmp_path / "lib.bib"
    path.write_text(LIBRARY, encoding="utf-8")
    out = bibtex(crossref_server, path)
    assert out["_order"] == ["Coyne2006", "myset", "child", "proc"]  # keys and order kept
    kind, kaplan = out["Coyne2006"]
    assert kind == "article"
    # The user's case-protecting braces stay where the record agrees ...
    assert kaplan["title"] == "Nonparametric {Estimation} from {I}ncomplete Observations"
    assert kaplan["author"] == "Kaplan, E. L. and Meier, Paul"
    assert kaplan["keywords"] == "survival"  # a field refcheck does not export, kept
    # ... and the record's value replaces a wrong one.
    assert kaplan["year"] == "1958"
    assert kaplan["doi"] == "10.1080/01621459.1958.10501452"
    assert out["myset"] == ("set", {"entryset": "Coyne2006,child"})
    kind, child = out["child"]
    assert child["crossref"] == "proc"
    assert child["title"] == "A talk on {DNA}"
    assert "booktitle" not in child and "year" not in child  # inherited, not repeated
    assert out["proc"][1]["title"] == "Proceedings of {X}"


def _bibtex_output(server: Any, *args: str, stdin: str | None = None) -> str:
    result = CliRunner().invoke(
        app,
        ["bibtex", *args, "--crossref-url", server.url, "--no-cache", "--isolated"],
        input=stdin,
        env=CLEAN_ENV,
    )
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize("flags", [(), ("--input-format", "bib")])
def test_standard_input_keeps_what_a_file_keeps(
    crossref_server: Any, tmp_path: Path, flags: tuple[str, ...]
) -> None:
    path = tmp_path / "lib.bib"
    path.write_text(LIBRARY, encoding="utf-8")
    from_file = _bibtex_output(crossref_server, str(path))
    from_stdin = _bibtex_output(crossref_server, "-", *flags, stdin=LIBRARY)
    assert from_stdin == from_file
    assert "keywords = {survival}" in from_stdin and "@set{myset," in from_stdin


def test_check_bibtex_writes_what_the_bibtex_command_writes(
    crossref_server: Any, tmp_path: Path
) -> None:
    path, written = tmp_path / "lib.bib", tmp_path / "checked.bib"
    path.write_text(LIBRARY, encoding="utf-8")
    result = CliRunner().invoke(
        app,
        [
            "check",
            str(path),
            "--bibtex",
            str(written),
            "--format",
            "json",
            "--exit-zero",
            "--crossref-url",
            crossref_server.url,
            "--no-cache",
            "--isolated",
        ],
        env=CLEAN_ENV,
    )
    assert result.exit_code == 0, result.output
    assert written.read_text(encoding="utf-8") == _bibtex_output(crossref_server, str(path))


def test_a_bib_is_read_once(crossref_server: Any, tmp_path: Path) -> None:
    # `refcheck bibtex <(cat lib.bib)`: a pipe can be read only once.
    path = tmp_path / "lib.bib"
    path.write_text(LIBRARY, encoding="utf-8")
    from_file = _bibtex_output(crossref_server, str(path))
    read_end, write_end = os.pipe()
    os.write(write_end, LIBRARY.encode("utf-8"))
    os.close(write_end)
    command = ["bibtex", f"/dev/fd/{read_end}", "--input-format", "bib"]
    common = ["--crossref-url", crossref_server.url, "--no-cache", "--isolated"]
    done = subprocess.run(
        [sys.executable, "-m", "refcheck", *command, *common],
        capture_output=True,
        timeout=60,
        pass_fds=(read_end,),
        env={k: v for k, v in os.environ.items() if k not in CLEAN_ENV},
    )
    os.close(read_end)
    assert done.returncode == 0, done.stderr
    assert done.stdout.decode("utf-8") == from_file


def test_crossref_child_is_read_with_its_parent_fields(tmp_path: Path) -> None:
    path = tmp_path / "lib.bib"
    path.write_text(LIBRARY, encoding="utf-8")
    result = CliRunner().invoke(app, ["parse", str(path), "--format", "json"], env=CLEAN_ENV)
    assert result.exit_code == 0, result.output
    references = json.loads(result.stdout)["files"][0]["references"]
    parsed = {r["text"][:8]: r["parsed"] for r in references}
    assert len(references) == 3  # the @set is not a work
    child = next(p for p in parsed.values() if p["title"] == "A talk on DNA")
    assert child["year"] == 1999
    assert child["journal"] == "Proceedings of X"


def test_own_keys_are_kept_and_generated_ones_avoid_them() -> None:
    item = ExportItem(kind=ReferenceType.JOURNAL_ARTICLE, title="Calcinosis", year=2012)
    keys = citation_keys([item, item, item], preferred=["anon2012calcinosis", None, "x"])
    assert keys == ["anon2012calcinosis", "anon2012calcinosisb", "x"]
    assert citation_keys([item, item], preferred=["dup", "dup"]) == ["dup", "anon2012calcinosis"]


def test_a_bib_entry_is_merged_with_its_own_reference_not_a_namesake(
    crossref_server: Any, tmp_path: Path
) -> None:
    # A LaTeX list read first has a \bibitem with the .bib entry's key, for another work:
    # the entry keeps its key and its fields, merged with the record of its own work.
    tex, bib = tmp_path / "other.tex", tmp_path / "lib.bib"
    tex.write_text(
        "\\begin{thebibliography}{9}\n\\bibitem{Coyne2006} LeCun Y, Bengio Y, Hinton G. "
        "Deep learning. Nature. 2015;521(7553):436-44.\n\\end{thebibliography}\n",
        encoding="utf-8",
    )
    bib.write_text(LIBRARY, encoding="utf-8")
    out = bibtex(crossref_server, tex, str(bib))
    _, kaplan = out["Coyne2006"]
    assert kaplan["author"] == "Kaplan, E. L. and Meier, Paul"
    assert kaplan["doi"] == "10.1080/01621459.1958.10501452"
    assert kaplan["keywords"] == "survival"
    others = [out[key][1] for key in out["_order"] if key != "Coyne2006"]
    assert any(fields.get("doi") == "10.1038/nature14539" for fields in others)
