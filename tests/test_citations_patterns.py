"""Issue 9's false-alarm patterns, each with made-up text: none of them may raise a citation
finding, and each true citation in them must still be found."""

from __future__ import annotations

from pathlib import Path

import docx
from test_citations_word_fields import codes, findings

from refcheck.extract import extract_document, read_input
from refcheck.extract.citations import find_citations
from refcheck.models import Document

NAMES = ("Quillfeather", "Brandvold", "Okonkwo", "Lindqvist", "Marchetti", "Szabo")


def reference(n: int, name: str | None = None) -> str:
    family = name or f"{NAMES[(n - 1) % len(NAMES)]}{'ab'[(n - 1) // len(NAMES) % 2]}"
    return (
        f"{family} A, Writer B. A made-up study number {n} of invented things. "
        f"J Invented Res. {2000 + n};{n}:{n}0-{n}9."
    )


def read(tmp_path: Path, name: str, text: str) -> Document:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return extract_document(read_input(str(path)))


def numbered_list(count: int) -> str:
    return "\n".join(f"{n}. {reference(n)}" for n in range(1, count + 1))


def test_a_median_iqr_table_in_markdown_is_not_cited(tmp_path: Path) -> None:
    document = read(
        tmp_path,
        "paper.md",
        "# Paper\n\nCases were older than controls [1, 2] and had more visits [3].\n\n"
        "| Characteristic | Cases | Controls |\n|---|---|---|\n"
        "| Age, years | 40 [25, 57] | 38 [22, 55] |\n| Visits | 12 [9, 14] | 7 [4, 11] |\n\n"
        "## References\n\n" + numbered_list(3) + "\n",
    )
    assert [c.numbers for c in document.citations] == [(1, 2), (3,)]
    assert codes(document) == []


def test_numbered_studies_in_a_table_are_not_citations(tmp_path: Path) -> None:
    word = docx.Document()
    word.add_paragraph("Twelve studies were included [1-12].")
    table = word.add_table(rows=12, cols=2)
    for row in range(12):
        table.cell(row, 0).text = f"Working memory task {row + 1} ({row + 1})"
        table.cell(row, 1).text = f"{row + 20} ({row * 3 + 1})"
    word.add_paragraph("Effects were larger in adults than in children [13].")
    word.add_heading("References", 1)
    for n in range(1, 14):
        word.add_paragraph(f"{n}. {reference(n)}")
    path = tmp_path / "meta.docx"
    word.save(str(path))
    document = extract_document(read_input(str(path)))
    assert [c.numbers for c in document.citations] == [tuple(range(1, 13)), (13,)]
    assert codes(document) == []


def test_a_citation_right_after_table_or_figure_counts() -> None:
    lines = [
        (1, "Certainty is rated in the Summary of Findings table. [3] Briefly, it is low."),
        (2, "The pattern matches the figure [4] of an earlier report."),
        (3, "Numbers are in Table [5] and Fig. [6] and Eq. (7)."),  # labels, not citations
        (4, "As the table (8) shows, and as this figure [9] shows."),
    ]
    assert [c.numbers for c in find_citations(lines)] == [(3,), (4,), (9,)]


def test_superscripts_after_a_space_or_a_number_in_word(tmp_path: Path) -> None:
    word = docx.Document()
    for before, raised, after in (
        ("Deaths among children under five ", "2,1,", ""),
        ("In the Demographic Survey 4", "3", " questions changed."),
        ("Prevalence was at least 1.2", "4", "."),
    ):
        paragraph = word.add_paragraph(before)
        paragraph.add_run(raised).font.superscript = True
        paragraph.add_run(after)
    word.add_heading("References", 1)
    for n in range(1, 5):
        word.add_paragraph(f"{n}. {reference(n)}")
    path = tmp_path / "sup.docx"
    word.save(str(path))
    document = extract_document(read_input(str(path)))
    assert [c.numbers for c in document.citations] == [(2, 1), (3,), (4,)]
    assert codes(document) == []


def test_an_alphabetical_numbered_list_gets_no_order_finding(tmp_path: Path) -> None:
    # PAIN numbers its list alphabetically: first citations jump around the list.
    names = ("Abbott", "Baker", "Chen", "Diaz", "Evans", "Fischer", "Garcia", "Hughes")
    items = "\n".join(f"{n}. {reference(n, name)}" for n, name in enumerate(names, 1))
    document = read(
        tmp_path,
        "pain.txt",
        "Pain persists [6]. It recurs [2, 8]. Sleep suffers [4]. Mood follows [1, 7].\n"
        "Treatment helps some [3] but not all [5].\n\nReferences\n\n" + items + "\n",
    )
    assert codes(document) == []


BIBLATEX_ENTRY = r"""    \entry{{{key}}}{{article}}{{}}
      \name{{author}}{{1}}{{}}{{%
        {{{{hash=a{key}}}{{family={{{family}}}, given={{Ann}}}}}}%
      }}
      \field{{title}}{{A made-up study named {key}}}
      \field{{journaltitle}}{{J Invented Res}}
      \field{{year}}{{20{year}}}
      \field{{volume}}{{{year}}}
      \field{{pages}}{{1\bibrangedash 9}}
    \endentry
"""


def test_a_biblatex_bbl_listing_every_entry_twice_has_no_duplicates(tmp_path: Path) -> None:
    entries = "".join(
        BIBLATEX_ENTRY.format(key=key, family=family, year=10 + n)
        for n, (key, family) in enumerate(
            (("alpha", "Quill"), ("beta", "Brandt"), ("gamma", "Oko"))
        )
    )
    bbl = (
        "\\refsection{0}\n  \\datalist[entry]{nty/global//global/global}\n"
        + entries
        + "  \\enddatalist\n  \\datalist[entry]{none/global//global/global}\n"
        + entries
        + "  \\enddatalist\n\\endrefsection\n"
    )
    document = read(tmp_path, "paper.bbl", bbl)
    assert [ref.key for ref in document.references] == ["alpha", "beta", "gamma"]
    assert codes(document) == []


def test_a_tex_file_with_two_lists_resolves_keys_in_both(tmp_path: Path) -> None:
    document = read(
        tmp_path,
        "paper.tex",
        "\\documentclass{article}\\begin{document}\n"
        "Main text \\cite{alpha}.\n"
        f"\\begin{{thebibliography}}{{1}}\n\\bibitem{{alpha}} {reference(1)}\n"
        "\\end{thebibliography}\n"
        "\\section*{Supplement}\nSupplementary text \\cite{beta,alpha}.\n"
        f"\\begin{{thebibliography}}{{1}}\n\\bibitem{{beta}} {reference(2)}\n"
        "\\end{thebibliography}\n\\end{document}\n",
    )
    assert [ref.key for ref in document.references] == ["alpha", "beta"]
    assert codes(document) == []


def test_findings_quote_the_place_of_the_citation(tmp_path: Path) -> None:
    from refcheck.parse import parse_reference
    from refcheck.validate.citations import check_citations

    document = read(
        tmp_path,
        "paper.txt",
        "The first claim [1]. A second claim rests on a lost source [6] and more.\n"
        "Claims follow [2], then [4], and a third claim [3] and a last one [5].\n\n"
        "References\n\n" + numbered_list(5) + "\n",
    )
    references = [parse_reference(raw) for raw in document.references]
    found = {f.code: f for f in check_citations(document, references).document}
    assert found["RC402"].line == 1
    assert 'A second claim rests on a lost source [6] and more."' in found["RC402"].message
    assert found["RC403"].line == 2
    assert '("…[2], then [4], and a third claim [3] and a last one [5].")' in found["RC403"].message


def test_a_missing_number_seen_only_in_parentheses_is_a_note(tmp_path: Path) -> None:
    from refcheck.parse import parse_reference
    from refcheck.validate.citations import check_citations

    document = read(
        tmp_path,
        "paper.txt",
        "Effects were reported (1) and replicated (2, 3).\n"
        "Mortality was higher in older patients (12).\n\nReferences\n\n" + numbered_list(3) + "\n",
    )
    references = [parse_reference(raw) for raw in document.references]
    (finding,) = check_citations(document, references).document
    assert (finding.code, finding.severity, finding.line, finding.cited) == (
        "RC409",
        "info",
        2,
        "12",
    )
    assert 'if it is a citation: "Mortality was higher in older patients (12)."' in (
        finding.message
    )


def test_numbers_in_an_author_year_body_are_never_errors(tmp_path: Path) -> None:
    from refcheck.parse import parse_reference
    from refcheck.validate.citations import check_citations

    entries = "\n\n".join(
        f"{name}, A. ({2000 + n}). A made-up study number {n}. J Invented Res, {n}, {n}0-{n}9."
        for n, name in enumerate(("Brandvold", "Lindqvist", "Okonkwo", "Quillfeather"), 1)
    )
    document = read(
        tmp_path,
        "paper.md",
        "# Paper\n\nBrandvold (2001) found it; others agreed (Lindqvist, 2002; Okonkwo, 2003).\n"
        "Quillfeather et al., 2004 disagreed. The odds ratio was 3.1 [12] in the first arm.\n\n"
        "## References\n\n" + entries + "\n",
    )
    assert [(c.numbers, c.weak) for c in document.citations] == [((12,), True)]
    references = [parse_reference(raw) for raw in document.references]
    result = check_citations(document, references)
    assert {f.severity for f in result.document} <= {"info"}
    assert "RC409" in [f.code for f in result.document]


def _two_lists(heading: str, methods_list: str, body: str) -> str:
    return (
        f"# A study\n\n{body}\n\n## References\n\n{numbered_list(3)}\n\n"
        f"{heading}\n\n{methods_list}\n"
    )


_TWO_LIST_BODY = "Main text cites one [1], two [2] and three [3].\n\nMethods cite [1] and [2]."


def test_a_second_list_under_its_own_heading_is_read_with_the_first(tmp_path: Path) -> None:
    methods = "\n".join(f"{n}. {reference(n + 10)}" for n in (1, 2))
    for name, heading in (("a.md", "## Methods references"), ("b.txt", "Methods References")):
        text = _two_lists(heading, methods, _TWO_LIST_BODY)
        document = read(tmp_path, name, text if name.endswith(".md") else text.replace("#", ""))
        assert [r.number for r in document.references] == [1, 2, 3, 1, 2]
        assert document.list_starts == (3,)
        # Each list numbered from 1 is no repeated number, and [1] may cite either list.
        assert codes(document) == []


def test_two_lists_still_check_what_neither_holds(tmp_path: Path) -> None:
    methods = "\n".join(f"{n}. {reference(n + 10)}" for n in (1, 3))  # 2 is missing
    body = _TWO_LIST_BODY + " And a number in no list [7]."
    document = read(tmp_path, "c.md", _two_lists("## Methods references", methods, body))
    assert ("RC402", None) in codes(document)  # [7]
    numbering = [f for f in findings(document) if f.code == "RC407"]
    assert [(f.cited, f.expected) for f in numbering] == [("3", "2")]  # the Methods list's gap
