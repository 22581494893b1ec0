"""Build refcheck/data/journal_abbreviations.tsv.gz from the CC0 journal lists.

The lists are JabRef's abbreviation lists (github.com/JabRef/abbrv.jabref.org, CC0 1.0):
``journal_abbreviations_medicus.csv`` (Index Medicus), ``journal_abbreviations_entrez.csv``
(NLM Catalog, Entrez) and ``journal_abbreviations_lifescience.csv`` (ISO 4 with dots). They
are read from the benchmark kit's copy (``../shared/data/journals``) or from ``--source``.

The table holds one row per distinct (full title, MEDLINE abbreviation) pair: the full title
as the list prints it, the abbreviation without dots as MEDLINE writes it, and the comparison
keys of the title, the abbreviation and the title before a `` : `` subtitle (empty if none).
The first list that gives a title wins (Index Medicus, then NLM Catalog, then life sciences);
a title that one list gives two different abbreviations is kept with both, and refcheck treats
it as ambiguous.

    python scripts/build_journal_table.py [--source DIR]
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    args = parser.parse_args()
    pairs = read_pairs(args.source)
    buffer = io.StringIO()
    from refcheck.journal_names import title_key

    for title, abbreviation in sorted(pairs, key=lambda p: (p[0].casefold(), p[1])):
        if "\t" in title or "\t" in abbreviation:
            continue
        # The keys are stored so that reading the table needs no Unicode work.
        main, separator, _ = title.partition(" : ")
        main_key = title_key(main) if separator and main.strip() else ""
        columns = (title, abbreviation, title_key(title), title_key(abbreviation), main_key)
        buffer.write("\t".join(columns) + "\n")
    # mtime=0: the same lists always give the same bytes.
    with TARGET.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as out:
        out.write(buffer.getvalue().encode("utf-8"))
    print(f"{len(pairs)} titles -> {TARGET.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
