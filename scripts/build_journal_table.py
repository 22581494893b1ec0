"""Build refcheck/data/journal_abbreviations.tsv.gz from the CC0 journal lists.

The lists are JabRef's abbreviation lists (github.com/JabRef/abbrv.jabref.org, CC0 1.0):
``journal_abbreviations_medicus.csv`` (Index Medicus), ``journal_abbreviations_entrez.csv``
(NLM Catalog, Entrez) and ``journal_abbreviations_lifescience.csv`` (ISO 4 with dots). They
are read from the benchmark kit's copy (``../shared/data/journals``) or from ``--source``.

The table is built from the distinct (full title, MEDLINE abbreviation) pairs: the full title
as the list prints it and the abbreviation without dots as MEDLINE writes it. It is stored as
two indexes of sorted lines (``table_text``): by title key (the title before a `` : ``
subtitle too) and by abbreviation key. The first list that gives a title wins (Index Medicus,
then NLM Catalog, then life sciences); a title that one list gives two different abbreviations
is kept with both, and refcheck treats it as ambiguous.

    python scripts/build_journal_table.py [--source DIR]
"""

from __future__ import annotations

import argparse
import csv
import gzip
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = ROOT.parent / "shared" / "data" / "journals"
TARGET = ROOT / "refcheck" / "data" / "journal_abbreviations.tsv.gz"
# Highest priority first.
LISTS = (
    "journal_abbreviations_medicus.csv",
    "journal_abbreviations_entrez.csv",
    "journal_abbreviations_lifescience.csv",
)


def medline_form(abbreviation: str) -> str:
    """ISO 4 'J. Oral Maxillofac. Surg.' -> MEDLINE 'J Oral Maxillofac Surg'."""
    return " ".join(abbreviation.replace(".", " ").split())


def read_pairs(source: Path) -> list[tuple[str, str]]:
    from refcheck.journal_names import title_key

    seen_titles: dict[str, str] = {}  # title key -> list that first gave it
    pairs: list[tuple[str, str]] = []
    kept: set[tuple[str, str]] = set()
    for name in LISTS:
        with (source / name).open(encoding="utf-8", newline="") as handle:
            for row in csv.reader(handle):
                if len(row) < 2 or not row[0].strip() or not row[1].rsplit("|", 1)[-1].strip():
                    continue
                title = " ".join(row[0].split())
                # 145 rows give "other title|abbreviation": the last part is the abbreviation.
                abbreviation = medline_form(row[1].rsplit("|", 1)[-1])
                key = title_key(title)
                if not key:
                    continue
                first_list = seen_titles.setdefault(key, name)
                if first_list != name:
                    continue  # a higher-priority list already gives this title
                if (key, abbreviation) in kept:
                    continue
                kept.add((key, abbreviation))
                pairs.append((title, abbreviation))
    return pairs


def table_text(pairs: list[tuple[str, str]]) -> str:
    """The table as refcheck reads it: two sections of sorted lines, split by a blank line.

    The first maps a title key to the title's MEDLINE abbreviations, the second an
    abbreviation key to the full titles; each line is ``key<TAB>value<US>value...`` (US is
    the unit separator, U+001F). Reading it is only decompressing and splitting: a look-up
    bisects the sorted lines (``refcheck.journal_names``).
    """
    from refcheck.journal_names import VALUE_SEPARATOR, title_key

    by_title: dict[str, list[str]] = {}
    by_abbreviation: dict[str, list[str]] = {}
    main_titles: dict[str, list[str]] = {}
    for title, abbreviation in sorted(pairs, key=lambda p: (p[0].casefold(), p[1])):
        if any(c in title + abbreviation for c in ("\t", "\n", VALUE_SEPARATOR)):
            continue
        _add(by_title, title_key(title), abbreviation)
        _add(by_abbreviation, title_key(abbreviation), title)
        main, separator, _ = title.partition(" : ")
        if separator and main.strip():
            _add(main_titles, title_key(main), abbreviation)
    # "Journal of X : official journal of Y" also answers to "Journal of X", unless another
    # journal is called exactly that or several catalogue titles share the main title.
    for key, abbreviations in main_titles.items():
        if key not in by_title and len(abbreviations) == 1:
            by_title[key] = abbreviations
    sections = (
        "".join(f"{key}\t{VALUE_SEPARATOR.join(values)}\n" for key, values in sorted(index.items()))
        for index in (by_title, by_abbreviation)
    )
    return "\n".join(sections)


def _add(index: dict[str, list[str]], key: str, value: str) -> None:
    if key:
        values = index.setdefault(key, [])
        if value not in values:
            values.append(value)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    args = parser.parse_args()
    pairs = read_pairs(args.source)
    # mtime=0: the same lists always give the same bytes.
    with TARGET.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as out:
        out.write(table_text(pairs).encode("utf-8"))
    print(f"{len(pairs)} titles -> {TARGET.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
