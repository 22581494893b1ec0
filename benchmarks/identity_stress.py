#!/usr/bin/env python3
"""Stress set for issue 10: wrong-work citations, several errors at once, fabricated references.

Builds Vancouver references from ``../shared/data/crossref-works.jsonl.gz`` records (seeded,
so every run builds the same set), injects one kind of error per reference, runs
``refcheck check --format json`` against ``../shared/bench/crossref_stub.py`` (works and
distractors) and prints detection and false alarms per kind. Nothing of the shared data is
written into the project: the set is built in memory and the references go to a temp file.

    python benchmarks/identity_stress.py [--per-kind 30] [--cmd refcheck] [--seed 10]

Kinds (the record the reference is about is the "place" record):

- clean: the record rendered correctly (false alarms: any error finding, or not verified)
- title-other: the title of another record of the set, everything else right
- wrong-journal: another record's journal abbreviation whose first word is the same where one
  exists ("JAMA Oncol" for "JAMA"), else any other journal
- author2-misspelt: one letter of the second author's family name changed
- authors-swapped: authors 2 and 3 swapped
- two-numbers: year and first page wrong
- three-numbers: year, volume and first page wrong
- fabricated-nodoi: authors of one record, journal of another, a title spliced from two more,
  made-up numbers
- fabricated-fakedoi: the same with an unregistered 10.5555 DOI
- fabricated-otherdoi: the same with the DOI of an unrelated record

A kind is "detected" when the reference got the place record's DOI and a finding (error or
warning) on the kind's field; fabricated kinds are "detected" when not verified and not matched.
"""

from __future__ import annotations

import argparse
import collections
import gzip
import json
import random
import re
import subprocess
import sys
import tempfile
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared"
WORKS = SHARED / "data" / "crossref-works.jsonl.gz"
DISTRACTORS = SHARED / "data" / "crossref-distractors.jsonl.gz"
sys.path.insert(0, str(SHARED / "bench"))

KINDS = (
    "clean",
    "title-other",
    "wrong-journal",
    "author2-misspelt",
    "authors-swapped",
    "two-numbers",
    "three-numbers",
    "fabricated-nodoi",
    "fabricated-fakedoi",
    "fabricated-otherdoi",
)
FIELD = {
    "title-other": "title",
    "wrong-journal": "journal",
    "author2-misspelt": "authors",
    "authors-swapped": "authors",
}


def usable(record: dict) -> bool:
    authors = record.get("author") or []
    persons = [a for a in authors if a.get("family") and a.get("given")]
    title = (record.get("title") or [""])[0]
    return (
        record.get("type") == "journal-article"
        and len(persons) == len(authors) >= 3
        and all(re.fullmatch(r"[A-Za-z][a-z]{3,}", a["family"]) for a in persons[:3])
        and len(title.split()) >= 6
        and bool(record.get("short-container-title"))
        and bool(record.get("volume", "").isdigit())
        and bool(re.fullmatch(r"\d+(-\d+)?", record.get("page", "")))
        and bool((record.get("issued") or {}).get("date-parts", [[None]])[0][0])
    )


def initials(given: str) -> str:
    return "".join(part[0] for part in re.findall(r"[A-Za-z]+", given)).upper()


def _dotted(initials: str) -> str:
    return " ".join(f"{letter}." for letter in initials)


def render(
    authors: list[tuple[str, str]],
    title: str,
    journal: str,
    year: int,
    volume: str,
    issue: str | None,
    page: str,
    doi: str | None = None,
    style: str = "vancouver",
    full_journal: str | None = None,
) -> str:
    first, _, last = page.partition("-")
    if style == "apa":
        names = [f"{family}, {_dotted(given)}" for family, given in authors[:20]]
        head = ", ".join(names[:-1]) + f", & {names[-1]}" if len(names) > 1 else names[0]
        number = f"({issue})" if issue else ""
        pages = f"{first}–{last}" if last else first
        source = f"{full_journal or journal}, {volume}{number}, {pages}"
        text = f"{head} ({year}). {title.rstrip('.')}. {source}."
    elif style == "ieee":
        names = [f"{_dotted(given)} {family}" for family, given in authors[:6]]
        if len(authors) > 6:
            head = f"{names[0]} et al."
        else:
            head = ", ".join(names[:-1]) + f", and {names[-1]}" if len(names) > 1 else names[0]
        number = f", no. {issue}" if issue else ""
        pages = f"pp. {first}–{last}" if last else f"p. {first}"
        quoted = f"\u201c{title.rstrip('.')},\u201d"
        text = f"{head}, {quoted} {journal}, vol. {volume}{number}, {pages}, {year}."
    elif style == "nature":
        names = [f"{family}, {_dotted(given)}" for family, given in authors[:5]]
        if len(authors) > 5:
            head = f"{names[0]} et al."
        else:
            head = ", ".join(names[:-1]) + f" & {names[-1]}" if len(names) > 1 else names[0]
        pages = f"{first}–{last}" if last else first
        text = f"{head} {title.rstrip('.')}. {journal} {volume}, {pages} ({year})."
    else:
        names = [f"{family} {given}" for family, given in authors[:6]]
        head = ", ".join(names) + (", et al" if len(authors) > 6 else "")
        numbers = f"{year};{volume}" + (f"({issue})" if issue else "") + f":{page}"
        text = f"{head}. {title.rstrip('.')}. {journal}. {numbers}."
    return f"{text} doi:{doi}" if doi else text


def parts(record: dict) -> dict:
    return {
        "authors": [(a["family"], initials(a["given"])) for a in record["author"]],
        "title": re.sub(r"<[^>]+>", "", record["title"][0]),
        "journal": record["short-container-title"][0],
        "year": record["issued"]["date-parts"][0][0],
        "volume": record["volume"],
        "issue": record.get("issue"),
        "page": record["page"],
        "full_journal": record["container-title"][0],
    }


def misspell(name: str, rng: random.Random) -> str:
    position = rng.randrange(1, len(name) - 1)
    letters = [c for c in "aeioulnrst" if c != name[position].lower()]
    return name[:position] + rng.choice(letters) + name[position + 1 :]


def build(
    per_kind: int, seed: int, kinds: tuple[str, ...] = KINDS, style: str = "vancouver"
) -> list[dict]:
    rng = random.Random(seed)
    with gzip.open(WORKS, "rt", encoding="utf-8") as fh:
        records = [r for r in map(json.loads, fh) if usable(r)]
    rng.shuffle(records)
    by_first_word: dict[str, list[dict]] = collections.defaultdict(list)
    for record in records:
        by_first_word[record["short-container-title"][0].split()[0]].append(record)
    pool = iter(records)
    rows = []
    for kind in kinds:
        for _ in range(per_kind):
            record = next(pool)
            p = parts(record)
            other = rng.choice(records)
            expect: str | None = record["DOI"]
            if kind == "title-other":
                while other["DOI"] == record["DOI"] or other["title"] == record["title"]:
                    other = rng.choice(records)
                p["title"] = parts(other)["title"]
            elif kind == "wrong-journal":
                mine = p["journal"]
                same_word = [
                    r
                    for r in by_first_word[mine.split()[0]]
                    if r["short-container-title"][0] != mine
                    and r["container-title"][0] != record["container-title"][0]
                ]
                while other["container-title"][0] == record["container-title"][0]:
                    other = rng.choice(records)
                p["journal"] = (rng.choice(same_word) if same_word else other)[
                    "short-container-title"
                ][0]
            elif kind == "author2-misspelt":
                family, given = p["authors"][1]
                p["authors"][1] = (misspell(family, rng), given)
            elif kind == "authors-swapped":
                p["authors"][1], p["authors"][2] = p["authors"][2], p["authors"][1]
            elif kind in ("two-numbers", "three-numbers"):
                p["year"] += rng.choice((-2, 2, 3))
                first, _, last = p["page"].partition("-")
                shift = rng.choice((7, 13, 21))
                p["page"] = f"{int(first) + shift}" + (f"-{int(last) + shift}" if last else "")
                if kind == "three-numbers":
                    p["volume"] = str(int(p["volume"]) + rng.choice((2, 5, 11)))
            elif kind.startswith("fabricated"):
                expect = None
                donors = [parts(rng.choice(records)) for _ in range(3)]
                first_half = donors[1]["title"].split()
                second_half = donors[2]["title"].split()
                p["title"] = " ".join(
                    first_half[: len(first_half) // 2] + second_half[len(second_half) // 2 :]
                )
                p["journal"] = donors[0]["journal"]
                p["year"] = rng.randrange(1995, 2022)
                p["volume"] = str(rng.randrange(5, 120))
                start = rng.randrange(10, 2000)
                p["page"] = f"{start}-{start + rng.randrange(4, 15)}"
                p["issue"] = str(rng.randrange(1, 12))
            doi = None
            if kind == "fabricated-fakedoi":
                doi = f"10.5555/fab.{rng.randrange(10**6, 10**7)}"
            elif kind == "fabricated-otherdoi":
                doi = other["DOI"]
            text = render(
                p["authors"], p["title"], p["journal"], p["year"], p["volume"], p["issue"],
                p["page"], doi, style, p["full_journal"] if kind != "wrong-journal" else None,
            )  # fmt: skip
            rows.append({"kind": kind, "text": text, "expect": expect})
    return rows


def run(rows: list[dict], cmd: str) -> list[dict]:
    from refbench import Stub

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "refs.txt"
        path.write_text("".join(f"{i}. {r['text']}\n\n" for i, r in enumerate(rows, 1)))
        records = [str(WORKS), *([str(DISTRACTORS)] if DISTRACTORS.exists() else [])]
        with Stub(records, []) as stub:
            argv = [
                *cmd.split(),
                "check", str(path), "--format", "json", "--exit-zero", "--no-cache",
                "--crossref-url", stub.url, "--quiet",
            ]  # fmt: skip
            out = subprocess.run(argv, capture_output=True, text=True, check=True).stdout
    refs = json.loads(out)["files"][0]["references"]
    if len(refs) != len(rows):
        raise SystemExit(f"{len(refs)} references read for {len(rows)} written")
    return refs


def norm(doi: str | None) -> str | None:
    return doi.lower() if doi else None


def score(rows: list[dict], refs: list[dict]) -> None:
    table: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    for row, ref in zip(rows, refs, strict=True):
        kind = row["kind"]
        c = table[kind]
        c["n"] += 1
        c[f"status:{ref['status']}"] += 1
        findings = ref["findings"]
        errors = [f for f in findings if f["severity"] == "error"]
        if ref.get("not_found"):
            c["not_found"] += 1
        if row["expect"] is None:
            c["detected"] += ref["status"] != "verified" and ref["doi"] is None
            c["false_match"] += ref["doi"] is not None
            continue
        matched = norm(ref["doi"]) == norm(row["expect"])
        c["matched"] += matched
        if kind == "clean":
            c["false_alarm"] += bool(errors) or ref["status"] != "verified"
            continue
        fields = (
            {FIELD[kind]}
            if kind in FIELD
            else {"year", "pages"} | ({"volume"} if "three" in kind else set())
        )
        flagged = {f["field"] for f in findings if f["severity"] in ("error", "warning")}
        c["detected"] += matched and fields <= flagged
        c["as_error"] += matched and bool(errors)
    print(f"{'kind':22}{'n':>4}{'matched':>9}{'detected':>10}{'as error':>10}"
          f"{'false alarm':>13}{'not_found':>11}  statuses")  # fmt: skip
    for kind in table:
        c = table[kind]
        statuses = ", ".join(
            f"{k[7:]} {v}" for k, v in sorted(c.items()) if k.startswith("status:")
        )
        print(
            f"{kind:22}{c['n']:>4}{c['matched']:>9}{c['detected']:>10}{c['as_error']:>10}"
            f"{c['false_alarm']:>13}{c['not_found']:>11}  {statuses}"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-kind", type=int, default=30)
    parser.add_argument("--seed", type=int, default=10)
    parser.add_argument("--cmd", default="refcheck")
    parser.add_argument("--show", default="", help="print the references of these kinds")
    parser.add_argument(
        "--style", default="vancouver", choices=("vancouver", "apa", "ieee", "nature")
    )
    parser.add_argument("--kinds", default=",".join(KINDS), help="comma-separated kinds")
    args = parser.parse_args()
    if not WORKS.exists():
        print(f"not found: {WORKS}", file=sys.stderr)
        return 2
    rows = build(args.per_kind, args.seed, tuple(args.kinds.split(",")), args.style)
    refs = run(rows, args.cmd)
    score(rows, refs)
    shown = set(args.show.split(",")) - {""}
    for row, ref in zip(rows, refs, strict=True):
        if row["kind"] in shown:
            codes = " ".join(f"{f['code']}:{f['severity'][0]}" for f in ref["findings"])
            print(f"[{row['kind']}] {ref['status']} {ref['doi']} {codes}\n    {row['text']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
