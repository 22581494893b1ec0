"""find_citations: Markdown code spans and LaTeX pseudo-code cite nothing; the prose and the
\\cite commands around them still do."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from refcheck.extract import InputSource, extract_document
from refcheck.extract.citations import find_citations
from refcheck.models import Document, Finding
from refcheck.parse import parse_reference
from refcheck.validate.citations import check_citations

REFERENCES = (
    "1. Gutierrez A Jr, Wetter DA. Calcinosis cutis in autoimmune connective tissue diseases. "
    "Dermatol Ther. 2012;25(2):195-206.\n"
    "2. Liao HT, Chen CH, Tsai CY. Management of calcinosis cutis. J Rheumatol. "
    "2015;42(4):611-7.\n"
    "3. Valenzuela A, Chung L. Calcinosis: pathophysiology and management. Curr Opin "
    "Rheumatol. 2015;27(6):542-8.\n"
)


def found(*lines: str, code_spans: bool = True) -> list[tuple[tuple[int, ...], tuple[str, ...]]]:
    body = list(enumerate(lines, start=1))
    return [(c.numbers, c.keys) for c in find_citations(body, code_spans=code_spans)]


def extract(text: str, suffix: str) -> Document:
    return extract_document(InputSource(path="paper" + suffix, data=text.encode(), suffix=suffix))


def citation_findings(document: Document) -> list[Finding]:
    references = [parse_reference(raw) for raw in document.references]
    result = check_citations(document, references)
    return [*result.document, *(f for fs in dict(result.by_reference).values() for f in fs)]


# --------------------------------------------------------------------------- code spans


@pytest.mark.parametrize(
    "line",
    [
        r"Write `\cite{key}` in LaTeX.",
        r"Write `` `\cite{key}` `` in LaTeX.",  # a longer run holds a shorter one
        "Pandoc reads `[@key]` as a citation.",
        "An R vector is indexed as ``x[12]``.",
        "Type `` [12] `` for a citation.",  # spaces inside a double-backtick span
        "A span ```a `` [12] `` b``` holds shorter runs.",
    ],
)
def test_nothing_in_a_code_span_cites(line: str) -> None:
    assert found(line) == []


def test_prose_around_code_spans_still_cites() -> None:
    assert found(
        r"Write `\cite{key}` or `` `[12]` `` as shown [3]; also \cite{real}.",
        "Index ``x[5]`` first [1], then [2].",
    ) == [((3,), ()), ((), ("real",)), ((1,), ()), ((2,), ())]


@pytest.mark.parametrize(
    "line",
    [
        "A stray ` backtick, then a citation [3].",  # no closing run: plain text
        "Two ``` and ` differ, so nothing closes [3].",
        r"An escaped \`[3]` is no code span.",  # "\`" is a backtick, not an opener
    ],
)
def test_backticks_without_a_closing_run_open_no_span(line: str) -> None:
    assert found(line) == [((3,), ())]


def test_a_citation_printed_with_its_code_neighbour_in_context() -> None:
    (citation,) = find_citations([(1, "Write `x[9]` as shown [3].")])
    assert citation.numbers == (3,)
    assert "`x[9]`" in citation.context


def test_a_table_or_maths_named_in_a_code_span_opens_none() -> None:
    # "`\begin{tabular}`" or "`$$`" in prose opened a table or display maths that blanked
    # the rest of the body.
    assert found(
        r"Use `\begin{tabular}` in a manuscript [1].",
        "and `$$` for display maths [2],",
        r"or `\[` in LaTeX [3].",
        "Later text [4].",
    ) == [((1,), ()), ((2,), ()), ((3,), ()), ((4,), ())]


def test_code_in_a_latex_body_is_a_quotation() -> None:
    # LaTeX opens quotations with backticks: "``hard'' \cite{a} ``soft''" holds no code.
    line = r"Both ``hard sweeps'' \cite{a} and ``soft sweeps'' \cite{b} [7]."
    assert found(line, code_spans=False) == [((), ("a",)), ((), ("b",)), ((7,), ())]
    # Read as Markdown, "``hard sweeps'' \cite{a} and ``" is code.
    assert found(line) == [((), ("b",)), ((7,), ())]


def test_a_latex_file_reads_backticks_as_quotations() -> None:
    tex = (
        "\\begin{document}\n"
        "Both ``hard sweeps'' \\cite{g} and ``soft sweeps'' are seen \\cite{l}.\n"
        "Managed as before~\\cite{v}.\n"
        "\\begin{thebibliography}{3}\n"
        "\\bibitem{g} Gutierrez A Jr, Wetter DA. Calcinosis. Dermatol Ther. 2012;25:195-206.\n"
        "\\bibitem{l} Liao HT, Chen CH. Management of calcinosis. J Rheumatol. 2015;42:611-7.\n"
        "\\bibitem{v} Valenzuela A, Chung L. Calcinosis. Curr Opin Rheumatol. 2015;27:542-8.\n"
        "\\end{thebibliography}\n\\end{document}\n"
    )
    document = extract(tex, ".tex")
    assert [c.keys for c in document.citations] == [("g",), ("l",), ("v",)]
    assert citation_findings(document) == []


def test_a_markdown_manuscript_quoting_citations_in_code_gets_no_alarm() -> None:
    text = (
        "# Methods\n\n"
        "Calcinosis is common [1]. Authors write `\\cite{smith2019}`, `[@doe2020]` or\n"
        "`` `[12]` `` in their sources, as shown [2,3].\n\n"
        "# References\n\n" + REFERENCES
    )
    document = extract(text, ".md")
    assert [c.numbers for c in document.citations] == [(1,), (2, 3)]
    assert citation_findings(document) == []


def test_a_missing_reference_next_to_code_is_still_caught() -> None:
    text = (
        "# Methods\n\nCalcinosis is common [1]. Write `[2]` as shown [2,3]; see also [4].\n\n"
        "# References\n\n" + REFERENCES
    )
    findings = citation_findings(extract(text, ".md"))
    assert [(f.code, f.cited) for f in findings] == [("RC402", "4")]


def test_many_backtick_runs_stay_linear() -> None:
    line = "` `` ``` " * 20_000 + "[3]"
    started = time.perf_counter()
    assert [c.numbers for c in find_citations([(1, line)])] == [(3,)]
    assert time.perf_counter() - started < 5


@settings(deadline=None, max_examples=300)  # timing varies on shared CI machines
@given(st.lists(st.sampled_from(["`", "``", "```", "\\", "a", " ", "[1]"]), max_size=14))
def test_code_spans_are_those_of_commonmark(pieces: list[str]) -> None:
    # markdown-it-py (a CommonMark parser, installed with rich) reads the same spans.
    markdown_it = pytest.importorskip("markdown_it")
    from refcheck.extract.citations import _code_spans

    text = "x" + "".join(pieces) + "x"
    tokens = markdown_it.MarkdownIt("commonmark").parseInline(text)[0].children or []
    theirs = [token.content for token in tokens if token.type == "code_inline"]
    ours = []
    for start, end in _code_spans(text):
        run = len(text[start:end]) - len(text[start:end].lstrip("`"))
        content = text[start + run : end - run]
        if len(content) > 1 and content[0] == content[-1] == " " and content.strip(" "):
            content = content[1:-1]  # CommonMark strips one space on each side
        ours.append(content)
    assert ours == theirs


# --------------------------------------------------------------------------- pseudo-code


ALGORITHM = [
    (1, r"We follow the usual scheme \cite{knuth}."),
    (2, r"\begin{algorithm}[H]"),
    (3, r"\caption{Sorting, after \cite{hoare}}"),
    (4, r"\KwIn{an array A[1, 3] of n items}"),
    (5, r"$x[5] \leftarrow A[2]$ \tcp*{as in \citet{sedgewick}}"),
    (6, r"\end{algorithm}"),
    (7, r"Sorting is fast \cite{cormen}, as in [4]."),
]


@pytest.mark.parametrize("environment", ["algorithm", "algorithm*", "algorithm2e"])
def test_an_algorithm_environment_cites_only_with_cite_commands(environment: str) -> None:
    body = [(n, text.replace("{algorithm}", f"{{{environment}}}")) for n, text in ALGORITHM]
    citations = find_citations(body)
    assert [c.keys for c in citations if c.keys] == [
        ("knuth",),
        ("hoare",),  # the caption's \cite
        ("sedgewick",),  # the body's \citet
        ("cormen",),
    ]
    # "A[1, 3]", "x[5]" and "A[2]" are pseudo-code; "[4]" after the environment is read.
    assert [c.numbers for c in citations if c.numbers] == [(4,)]


def test_an_algorithm_around_algorithmic_and_numbered_citations() -> None:
    body = [
        (1, "Typed citations [1]."),
        (2, r"\begin{algorithm}"),
        (3, r"\begin{algorithmic}[1]"),
        (4, r"\State $A[7] \gets B[8, 9]$"),
        (5, r"\end{algorithmic}"),
        (6, r"\caption{Cited from [2]}"),  # only \cite cites in the float, as in a longtable
        (7, r"\end{algorithm} Then [3]."),
    ]
    assert [c.numbers for c in find_citations(body)] == [(1,), (3,)]


def test_a_missing_key_in_an_algorithm_is_still_caught() -> None:
    tex = (
        "\\begin{document}\n"
        "As before \\cite{g}.\n"
        "\\begin{algorithm}\n\\caption{After \\cite{nobody}}\n"
        "$x[5] \\gets A[1, 3]$ \\;\n\\end{algorithm}\n"
        "\\begin{thebibliography}{1}\n"
        "\\bibitem{g} Gutierrez A Jr, Wetter DA. Calcinosis. Dermatol Ther. 2012;25:195-206.\n"
        "\\end{thebibliography}\n\\end{document}\n"
    )
    findings = citation_findings(extract(tex, ".tex"))
    assert [(f.code, f.cited) for f in findings] == [("RC405", "nobody")]


def test_a_plain_text_manuscript_reads_doubled_backticks_as_quotations() -> None:
    # Outside Markdown (a .txt, Word or PDF text) "``hard'' [1] and ``soft''" are LaTeX-style
    # quotations, as the reader before code spans read them: the citation between them counts.
    # A single backtick pair is still code there ("`x[9]`").
    text = (
        "Methods\n\n"
        "Both ``hard sweeps'' [1] and ``soft sweeps'' are seen [2]. Index `x[9]` first [3].\n\n"
        "References\n\n" + REFERENCES
    )
    document = extract(text, ".txt")
    assert [c.numbers for c in document.citations] == [(1,), (2,), (3,)]
    assert citation_findings(document) == []
    # The same lines as Markdown: "``hard sweeps'' [1] and ``" is a code span.
    markdown = extract(
        text.replace("Methods\n", "# Methods\n").replace("References\n", "# References\n"), ".md"
    )
    assert [c.numbers for c in markdown.citations] == [(2,), (3,)]
