"""The shipped NLM/MEDLINE journal table and its look-ups."""

from __future__ import annotations

import gzip
import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from refcheck.journal_names import (
    VALUE_SEPARATOR,
    JournalTable,
    full_titles,
    is_nlm_abbreviation,
    nlm_abbreviation,
    title_key,
)

ROOT = Path(__file__).resolve().parent.parent
LISTS = ROOT.parent / "shared" / "data" / "journals"


@pytest.mark.parametrize(
    ("title", "abbreviation"),
    [
        ("Journal of Oral and Maxillofacial Surgery", "J Oral Maxillofac Surg"),
        ("journal of oral & maxillofacial surgery", "J Oral Maxillofac Surg"),
        ("J. Oral Maxillofac. Surg.", "J Oral Maxillofac Surg"),
        ("New England Journal of Medicine", "N Engl J Med"),
        ("The Lancet", "Lancet"),
        ("Dermatologic Therapy", "Dermatol Ther"),
        ("Revista Española de Cardiología", "Rev Esp Cardiol"),
    ],
)
def test_full_title_gives_its_medline_abbreviation(title: str, abbreviation: str) -> None:
    assert nlm_abbreviation(title) == abbreviation


def test_unknown_title_has_no_abbreviation() -> None:
    assert nlm_abbreviation("Journal of Entirely Imaginary Studies in Nowhere") is None
    assert not is_nlm_abbreviation("J Imag Stud Nowhere")


def test_abbreviation_leads_back_to_full_titles() -> None:
    titles = full_titles("N Engl J Med")
    assert any(title_key(t) == "new england journal of medicine" for t in titles)
    assert is_nlm_abbreviation("N. Engl. J. Med.")
    assert not is_nlm_abbreviation("New England Journal of Medicine")


def test_subtitle_of_the_catalogue_is_optional() -> None:
    # The NLM Catalog lists "JAMA : the journal of the American Medical Association".
    assert nlm_abbreviation("JAMA") == "JAMA"
    assert any(" : " in t for t in full_titles("JAMA"))


@given(st.text(max_size=80))
def test_title_key_is_lower_case_ascii_words(text: str) -> None:
    key = title_key(text)
    assert all(c.isdigit() or "a" <= c <= "z" or c == " " for c in key)
    assert key == key.strip() and "  " not in key


@pytest.mark.skipif(not LISTS.is_dir(), reason="../shared/data/journals is not present")
def test_shipped_table_is_what_the_builder_makes(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location(
        "build_journal_table", ROOT / "scripts" / "build_journal_table.py"
    )
    assert spec is not None and spec.loader is not None
    builder = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(builder)
    shipped = gzip.decompress((ROOT / "refcheck/data/journal_abbreviations.tsv.gz").read_bytes())
    assert shipped.decode("utf-8") == builder.table_text(builder.read_pairs(LISTS))


def test_table_ships_in_an_installed_package(tmp_path: Path) -> None:
    # Read through importlib.resources, as an installed wheel would be read.
    code = "from refcheck.journal_names import journal_table; print(len(journal_table().titles))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert int(out.stdout) > 20000


def test_the_table_is_read_once_when_threads_ask_together() -> None:
    # A fresh interpreter: the table must not be loaded yet when the threads start.
    code = (
        "import threading\n"
        "from refcheck.journal_names import journal_table\n"
        "tables = []\n"
        "barrier = threading.Barrier(8)\n"
        "def ask():\n"
        "    barrier.wait()\n"
        "    tables.append(journal_table())\n"
        "threads = [threading.Thread(target=ask) for _ in range(8)]\n"
        "[t.start() for t in threads]\n"
        "[t.join() for t in threads]\n"
        "print(len({id(t) for t in tables}))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "1"


def test_a_key_is_found_by_its_whole_line_not_by_a_prefix() -> None:
    # Keys that begin one another sit side by side in the sorted lines.
    table = JournalTable(
        titles=("j biol\tJ Biol", f"j biol chem\tJ Biol Chem{VALUE_SEPARATOR}J Biol Chem B"),
        abbreviations=("j biol chem\tJournal of Biological Chemistry",),
    )
    assert table.abbreviations_of("j biol") == ("J Biol",)
    assert table.abbreviations_of("j biol chem") == ("J Biol Chem", "J Biol Chem B")
    assert table.abbreviations_of("j bio") is None
    assert table.abbreviations_of("j biol c") is None
    assert table.abbreviations_of("j biol chemistry") is None
    assert table.abbreviations_of("") is None
    assert table.titles_of("j biol chem") == ("Journal of Biological Chemistry",)
    assert table.knows("j biol") and table.knows("j biol chem") and not table.knows("zzz")
