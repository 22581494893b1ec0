"""find_citations: what counts as an in-text citation, and what does not."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from refcheck.extract.citations import MAX_RANGE_SPAN, find_citations, parse_number_list
from refcheck.models import Citation


def numbers_in(text: str) -> list[tuple[int, ...]]:
    return [citation.numbers for citation in find_citations([(1, text)]) if citation.numbers]


def texts_in(text: str) -> list[str]:
    return [citation.text for citation in find_citations([(1, text)])]


# --------------------------------------------------------------------------- positives


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Diabetes affects 10% of adults [1].", [(1,)]),
        ("as reported previously [1–3].", [(1, 2, 3)]),
        ("as reported previously [1-3].", [(1, 2, 3)]),
        ("as reported previously [1—3].", [(1, 2, 3)]),
        ("in several cohorts [1,4,7].", [(1, 4, 7)]),
        ("in several cohorts [1, 4-6].", [(1, 4, 5, 6)]),
        ("in several cohorts [1; 4].", [(1, 4)]),
        ("in several cohorts [ 12 ].", [(12,)]),
        ("trials[3] showed", [(3,)]),
        ("Previous work (1) showed this.", [(1,)]),
        ("two trials (2, 3) agree.", [(2, 3)]),
        ("three trials (2–4).", [(2, 3, 4)]),
        ("It was reported in 2019 (4).", [(4,)]),
        ("Analyses used R 4.1.2 (16).", [(16,)]),
        ("in children (5), and in adults (6).", [(5,), (6,)]),
        ("seen in adults (1) and in children (2) alike.", [(1,), (2,)]),
        ("Previous studies (1) showed that", [(1,)]),
        ("Desmet et al (1), which scores", [(1,)]),
        ("chronic carriers (3,4). Without", [(3, 4)]),
        ("It is common¹.", [(1,)]),
        ("It is common.¹", [(1,)]),
        ("It is common,² and rare.", [(2,)]),
        ("It is common¹²", [(12,)]),
        ("It is rare⁵˒⁶ in Europe.", [(5, 6)]),
        ("It is rare⁵,⁶ in Europe.", [(5, 6)]),
        ("It is rare¹⁻³ in Europe.", [(1, 2, 3)]),
        ("It is rare¹–³ in Europe.", [(1, 2, 3)]),
        ("seen in COVID-19.³", [(3,)]),
        ("It is common^{5,6} in Europe.", [(5, 6)]),
        ("It is common^{5-7} in Europe.", [(5, 6, 7)]),
        ("It is common^5,6^ in Europe.", [(5, 6)]),
        ("It is common^5–7^ in Europe.", [(5, 6, 7)]),
        ("It is common^[5]^ in Europe.", [(5,)]),
        ('It is common<sup><a href="#r1">1</a>,<a href="#r2">2</a></sup>.', [(1, 2)]),
        ("It is common<sup>5,6</sup> in Europe.", [(5, 6)]),
        ("It is common<sup>[5]</sup> in Europe.", [(5,)]),
        ("It is common<sup> 1–3 </sup>.", [(1, 2, 3)]),
        ("It is common.<sup>4</sup>", [(4,)]),
        (r"It is common\textsuperscript{8,9} here.", [(8, 9)]),
        ("Prior studies (refs. 3, 4) agree.", [(3, 4)]),
        ("Prior studies [ref 9] agree.", [(9,)]),
        ("a link [1](#ref-1) to the list.", [(1,)]),
        ("many studies [120-125].", [(120, 121, 122, 123, 124, 125)]),
        ("as shown [1]–[3] and [5].", [(1, 2, 3), (5,)]),
        ("as shown [4] - [6].", [(4, 5, 6)]),
        ("as in ref. 12 and refs 3–5.", [(12,), (3, 4, 5)]),
        ("See Ref. 7 for details.", [(7,)]),
        ("separated by SDS-PAGE [7]; relative", [(7,)]),
        ("measured with a line probe [3] and", [(3,)]),
    ],
)
def test_recognises_citation(line: str, expected: list[tuple[int, ...]]) -> None:
    assert numbers_in(line) == expected


def test_keeps_the_citation_as_printed() -> None:
    assert texts_in("as shown [1–3] and rare⁵˒⁶ and (2, 3).") == ["[1–3]", "⁵˒⁶"]
    assert texts_in("It is common<sup>5,6</sup>.") == ["<sup>5,6</sup>"]


# --------------------------------------------------------------------------- negatives


@pytest.mark.parametrize(
    "line",
    [
        "Patients (n = 12) were enrolled.",
        "Patients (N=12) were enrolled.",
        "A landmark trial (2019) changed practice.",
        "published (1998, 2004) twice",
        "The difference was significant (p < 0.05).",
        "The difference was significant (P = .03).",
        "as shown in the flow chart (Fig. 2).",
        "as shown in (Figure 2).",
        "as shown in Table (2).",
        "with Equation (3) we obtain",
        "odds ratio 2.1 [95% CI 1.2–3.4].",
        "odds ratio 2.1 [1.2–3.4].",
        "Mean age was 54 (12) years.",
        "of whom 12 (40) were women",
        "Mean value 1.5 (2.3).",
        "An area of 3 m² was sampled.",
        "A dose of 10⁻³ mol was used.",
        "Water (H₂O) and CO₂ were measured.",
        "The fit was x² + y² with R² = 0.9.",
        "BMI over 30 kg/m² was common.",
        "counts of 500 cells/mm³ were seen.",
        "an area of 4 cm<sup>2</sup> was sampled.",
        "Ca²⁺ and Mg²⁺ ions.",
        "Ca<sup>2+</sup> ions.",
        "1. Introduction",
        "2) Methods",
        "(1) to assess outcomes, (2) to compare groups and (3) to follow up.",
        "We aimed: (1) to assess outcomes.",
        "    (2) follow-up visits were scheduled",
        "y = ax + b (1)",
        "E = mc^2 (2)",
        "see section 2.3 for details",
        "see (2.3) for details",
        "aged [18–65] years were eligible.",
        "numbers [5–3] reversed",
        "the range (1–500) was used",
        "the year [2019] was dry",
        "[0] zero is not a reference",
        "See [the guideline][1] for details.",
        "[1]: https://example.org/guideline",
        "![1](figure.png)",
        "the function f(2) grows",
        "footnote[^1] style",
        "$x^{2}$ and $10^{-3}$ in maths",
        r"\(r^{2}\) in maths",
        "an inline `code[1]` sample",
        "prices rose 12.5% (3.2%)",
        "in 2020 (1st wave)",
        "Jane Doe¹, John Smith¹˒², and Ann van der Berg³",
        "Jane Doe<sup>1</sup>, John Smith<sup>2</sup>",
        "¹Department of Medicine, University of Oslo, Norway",
        "10^{-3} and 10^{3} events",
        "a dose of ref. 2.5 mg",
        "write to me@example.org [contact x@y.z]",
        # Shapes seen in real abstracts.
        "these findings will assist in (1) designing more effective interventions",
        "patterns in community ecology concern (1) the metacommunity approach",
        "Experiments show that (1) the recognition rate is high.",
        "while it runs faster. (2) The running times of our method are short.",
        "Thirty-five states use the Guides, and 60% (21) of them use the Fifth Edition.",
        "a 46,XY, der(8)t(8;13)(p23;q14) karyotype",
        "complexes with cucurbit[8]uril were formed",
        "the milk price followed an ARIMA (1, 1, 1) model",
        "three different (001) peaks",
        "triphosphates (M = Co (1), Ni (2)) were synthesized",
        "biomes concerning (1) fire persistence over time; (2) fire frequency",
        "within a 26 × 26 arcmin2 field of view",
    ],
)
def test_ignores_non_citation(line: str) -> None:
    assert find_citations([(1, line)]) == ()


def test_superscript_on_a_word_after_a_unit_line_is_still_found() -> None:
    # A unit on the line does not blind the finder to a real citation after a word.
    assert numbers_in("A 3 m² area was sampled in earlier studies.⁴") == [(4,)]


# --------------------------------------------------------------------------- LaTeX


def test_latex_cite_commands_give_keys() -> None:
    line = r"As in \cite{smith2019, doe2020} and \citep[p.~3]{lee} and \supercite{a}."
    citations = find_citations([(7, line)])
    assert [c.keys for c in citations] == [("smith2019", "doe2020"), ("lee",), ("a",)]
    assert all(c.line == 7 and c.numbers == () for c in citations)
    assert citations[1].text == r"\citep[p.~3]{lee}"


@pytest.mark.parametrize(
    ("line", "keys"),
    [
        (r"\citet{a}", [("a",)]),
        (r"\citealp*{a,b}", [("a", "b")]),
        (r"\parencite[see][12]{a}", [("a",)]),
        (r"\autocite{a}", [("a",)]),
        (r"\cites{a}{b,c}", [("a", "b", "c")]),
        (r"\nocite{*}", [("*",)]),
        (r"\cite{a,a}", [("a",)]),
        (r"\cite{}", []),
        (r"% \cite{commented}", []),
        (r"100\% of cases \cite{x} % \cite{commented}", [("x",)]),
    ],
)
def test_latex_cite_variants(line: str, keys: list[tuple[str, ...]]) -> None:
    assert [c.keys for c in find_citations([(1, line)])] == keys


def test_pandoc_citations_give_keys() -> None:
    line = "As shown [@smith2019; see @doe2020, p. 33] and [-@lee2001]. Mail me@example.org."
    citations = find_citations([(2, line)])
    assert [c.keys for c in citations] == [("smith2019", "doe2020"), ("lee2001",)]
    assert citations[0].text == "[@smith2019; see @doe2020, p. 33]"


def test_latex_optional_arguments_and_maths_are_not_numbers() -> None:
    assert find_citations([(1, r"\item[1] first point with $a^{2}$ and \\[2pt]")]) == ()
    assert find_citations([(1, r"\cite[p.~5]{k} in \ref{fig:1}")])[0].numbers == ()


# --------------------------------------------------------------------------- whole body


def test_line_numbers_and_order() -> None:
    body = [(3, "First claim [2]. Second [1]."), (5, ""), (9, "Third claim [3–4].")]
    assert find_citations(body) == (
        Citation(line=3, numbers=(2,), text="[2]"),
        Citation(line=3, numbers=(1,), text="[1]"),
        Citation(line=9, numbers=(3, 4), text="[3–4]"),
    )


def test_parentheses_are_dropped_in_a_bracket_style_body() -> None:
    body = [
        (1, "Diabetes is common [1]. Obesity too [2]."),
        (2, "The model (1) fits the data well (2) in the end."),
        (3, "Insulin resistance [3] matters."),
    ]
    assert [c.numbers for c in find_citations(body)] == [(1,), (2,), (3,)]


def test_parentheses_are_kept_in_a_parenthesis_style_body() -> None:
    body = [
        (1, "Diabetes is common (1). Obesity too (2, 3)."),
        (2, "Insulin resistance (4) matters, and so does [5]."),
    ]
    assert [c.numbers for c in find_citations(body)] == [(1,), (2, 3), (4,), (5,)]


def test_parentheses_are_dropped_in_a_superscript_style_body() -> None:
    body = [(1, "Diabetes is common.¹ Obesity too.²"), (2, "the slope (3) differs")]
    assert [c.numbers for c in find_citations(body)] == [(1,), (2,)]


def test_realistic_paragraph() -> None:
    paragraph = (
        "Calcinosis cutis occurs in up to 40% of patients with systemic sclerosis [1,2], "
        "and in 20–30% (95% CI 18–33) of adults with dermatomyositis [3–5]. In a cohort "
        "(n = 112) followed since 2009 (Table 2), deposits exceeded 2 cm² in 17 (15%) "
        "patients [6]."
    )
    assert numbers_in(paragraph) == [(1, 2), (3, 4, 5), (6,)]


def test_accepts_any_iterable_once() -> None:
    lines = iter([(1, "claim [1]"), (2, "claim [2]")])
    assert len(find_citations(lines)) == 2


# --------------------------------------------------------------------------- number lists


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1", (1,)),
        ("1–3", (1, 2, 3)),
        ("1, 4-6", (1, 4, 5, 6)),
        ("3,1", (3, 1)),
        ("3,1,3", None),
        ("1-3, 2", None),
        ("01", None),
        ("¹⁻³", (1, 2, 3)),
        ("⁵˒⁶", (5, 6)),
        ("refs. 3, 4", (3, 4)),
        ("0", None),
        ("2019", None),
        ("5–3", None),
        (f"1–{MAX_RANGE_SPAN + 2}", None),
        ("1.5", None),
        ("a, b", None),
        ("1–2–3", None),
    ],
)
def test_parse_number_list(text: str, expected: tuple[int, ...] | None) -> None:
    assert parse_number_list(text) == expected


@settings(deadline=None)  # timing varies on shared CI machines
@given(st.lists(st.tuples(st.integers(1, 40), st.integers(0, 10)), min_size=1, max_size=6))
def test_bracket_ranges_expand_to_every_number(steps: list[tuple[int, int]]) -> None:
    # Ascending, non-overlapping items, as citations print them: gap, then span.
    items, end = [], 0
    for gap, span in steps:
        items.append((end + gap, span))
        end += gap + span
    printed = ", ".join(f"{a}–{a + span}" if span else str(a) for a, span in items)
    expected = tuple(n for a, span in items for n in range(a, a + span + 1))
    assert numbers_in(f"as shown previously [{printed}].") == [expected]


# --------------------------------------------------------------------------- layout artefacts


def test_citation_wrapped_over_two_lines_is_joined() -> None:
    body = [(4, "as reported in two cohorts [1,"), (5, "2] and in a third [3–"), (6, "5].")]
    citations = find_citations(body)
    assert [(c.line, c.numbers) for c in citations] == [(4, (1, 2)), (5, (3, 4, 5))]


def test_word_superscript_runs_are_merged() -> None:
    line = "It is common<sup>5</sup><sup>,6</sup> and rare<sup>7</sup>–<sup>9</sup>."
    assert numbers_in(line) == [(5, 6), (7, 8, 9)]


def test_superscripts_lost_in_pdf_text() -> None:
    body = [
        (1, "Calcinosis cutis is common in systemic sclerosis.1,2 Its pathophysiology"),
        (2, "is unclear4 and treatment is difficult,3 as large series show.5–7"),
        (3, "It affects the skin and subcutaneous tissue1,2. Deposits are painful8,9,"),
    ]
    assert [c.numbers for c in find_citations(body)] == [
        (1, 2),
        (4,),
        (3,),
        (5, 6, 7),
        (1, 2),
        (8, 9),
    ]


@pytest.mark.parametrize(
    "lines",
    [
        # A single glued number is not enough evidence of lost superscripts.
        ["Calcinosis cutis is common in systemic sclerosis.1 Its pathophysiology."],
        # A body that cites with brackets has no lost superscripts.
        ["Calcinosis is common.1,2 Its cause [1] is unclear.3 Rare [2]."],
        ["Doses of 5 mg/kg were given.2 In Table.2 and vol.3 of the series."],
        ["BRCA1 and TP53 and CD4 and H2O and IL6 were measured, also CO2 and HbA1c."],
        ["See https://example.org/page.12 and www.example.org/a.34 for data."],
        ["Data at doi:10.5061/dryad.123 and mail to lab@example.org.12 today, ver.2 and."],
        ["Expression of Actn2 , Actn3 , Casq1 , Drd2 and Glut4 in HepG2 cells."],
        ["pre-main sequence stars (&lt;1 M) and others (&lt;2 M) seen"],
        # Lower-case gene names glued to digits never cite reference 1.
        ["Expression of foxd3 and sox10 and crestin in covid19 samples; foxd3 again."],
        ["Formulae (Haigis, SRK/T, Holladay1, Barrett) and genes cp4-epsps1, cp4epsps2."],
    ],
)
def test_glued_digits_that_are_not_citations(lines: list[str]) -> None:
    lines = [*lines, "Paren citations stay (1), and stay (2), unless outnumbered (3)."]
    citations = find_citations(enumerate(lines, start=1))
    assert all(c.text.startswith(("[", "(")) for c in citations)
    assert [c.numbers for c in citations if c.text.startswith("(")] == [(1,), (2,), (3,)]


# --------------------------------------------------------------------------- robustness

_TOKENS = st.sampled_from(
    [
        *"abcXY 0123456789[](),;.-–^{}<>/\\$%=",
        "¹",
        "²",
        "⁵",
        "˒",
        "⁻",
        "<sup>",
        "</sup>",
        r"\cite{",
        "ref. ",
        " and ",
        "m²",
    ]
)


@settings(deadline=None)  # timing varies on shared CI machines
@given(st.lists(st.lists(_TOKENS, max_size=30).map("".join), max_size=8))
def test_never_raises_and_every_citation_cites_something(texts: list[str]) -> None:
    lines = list(enumerate(texts, start=1))
    for citation in find_citations(lines):
        assert citation.numbers or citation.keys
        assert 1 <= citation.line <= len(texts)
        assert all(0 < n <= 3000 for n in citation.numbers)
        assert len(set(citation.numbers)) == len(citation.numbers)


@pytest.mark.parametrize(
    "line",
    [
        "¹" * 10_000 + "x",
        "[" + "1, " * 5_000,
        "x [" + "9" * 5_000 + "]",
        "((" * 5_000 + "1))",
        "[" + "1" * 5_000 + "x",
        "[" + "1 , " * 5_000 + "x",
        # Each of these rescanned the rest of the line from every occurrence (quadratic).
        "^{" * 50_000,
        "<sup" * 50_000,
        "<a " * 50_000,
        "<" * 100_000,
        "$a" * 50_000,
    ],
)
def test_pathological_lines_are_cheap_and_harmless(line: str) -> None:
    # Each of these once took exponential time or raised; a second line exercises the
    # joining of citations wrapped over two lines.
    assert find_citations([(1, line), (2, "1 " * 5_000 + "x")]) == ()


# --------------------------------------------------------------------------- realistic bodies

PAREN_STYLE_BODY = """\
Type 2 diabetes affects an estimated 537 million adults worldwide (1). Its prevalence has
doubled since 1980 (2, 3), and in 2019 it caused 1.5 million deaths (4). Metformin remains
first-line therapy (5-7); however, 10-25% of patients discontinue it (8).
In this study we (1) estimated adherence in adults aged 40-75 years (n = 312) and (2)
compared it with the rates reported in Europe (9).
Adherence was lower in women (41% [95% CI 36-47]) than in men (P < .001; Table 2).
HbA1c fell by 0.8% (SD 1.1) at 12 months (Figure 2A), as in earlier trials (10-12).
The hazard ratio was 1.32 (1.12-1.45), in line with a pooled analysis (13)."""

SUPERSCRIPT_STYLE_BODY = """\
Type 2 diabetes affects an estimated 537 million adults worldwide.¹ Its prevalence has
doubled since 1980,²˒³ and in 2019 it caused 1.5 million deaths.⁴ Obesity (BMI ≥30 kg/m²)
is the main risk factor,⁵⁻⁷ and neutrophil counts above 7.5 × 10⁹/L predict outcome.⁸
Adherence was lower in women (41%; 95% CI, 36%-47%) than in men (P < .001).
Serum Ca²⁺ and Mg²⁺ were measured in 2 mL samples; the R² of the model was 0.61.⁹˒¹⁰"""

DOCX_STYLE_BODY = """\
Jane Doe<sup>1</sup>, John Smith<sup>1,2</sup>
<sup>1</sup>Department of Endocrinology, University Hospital, Oslo, Norway
Type 2 diabetes affects an estimated 537 million adults worldwide.<sup>1</sup> Its
prevalence has doubled since 1980,<sup>2,3</sup> while lesions larger than 2 cm<sup>2</sup>
were rare.<sup>4–6</sup> The 1<sup>st</sup> and 2<sup>nd</sup> visits were 3 months apart."""


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            PAREN_STYLE_BODY,
            [(1,), (2, 3), (4,), (5, 6, 7), (8,), (9,), (10, 11, 12), (13,)],
        ),
        (
            SUPERSCRIPT_STYLE_BODY,
            [(1,), (2, 3), (4,), (5, 6, 7), (8,), (9, 10)],
        ),
        (DOCX_STYLE_BODY, [(1,), (2, 3), (4, 5, 6)]),
    ],
    ids=["parentheses", "superscripts", "docx"],
)
def test_realistic_bodies(body: str, expected: list[tuple[int, ...]]) -> None:
    lines = enumerate(body.splitlines(), start=1)
    assert [c.numbers for c in find_citations(lines)] == expected


def test_equation_number_with_text_on_the_next_line() -> None:
    body = [(1, "y = ax + b (1)"), (2, "where a is the slope."), (3, "Slopes vary (2, 3).")]
    assert [c.numbers for c in find_citations(body)] == [(2, 3)]


def test_enumeration_continued_on_the_next_line() -> None:
    body = [(1, "In this study we (1) estimated adherence and (2)"), (2, "compared rates (3).")]
    assert [c.numbers for c in find_citations(body)] == [(3,)]


def test_display_maths_is_skipped() -> None:
    body = [
        (1, r"Energy grows with mass \cite{einstein}:"),
        (2, r"\begin{equation}"),
        (3, r"  E = mc^{2} (1)"),
        (4, r"\end{equation} as shown earlier^{3}."),
        (5, r"\[ x^{2} \] and $$ y^{2} $$ but also^{4}"),
        (6, "$$"),
        (7, "z^{5}"),
        (8, "$$"),
    ]
    assert [c.numbers or c.keys for c in find_citations(body)] == [("einstein",), (3,), (4,)]


def test_pandoc_escaped_brackets_are_citations() -> None:
    body = [(1, r"Calcinosis is common \[1,2\] and rare \[3\]."), (2, r"Maths \[ x^{2} \]")]
    assert [c.numbers for c in find_citations(body)] == [(1, 2), (3,)]


def test_fenced_code_is_skipped() -> None:
    body = [
        (1, "We fitted the model in R [4]:"),
        (2, "```r"),
        (3, "fit <- lm(y ~ x, data = df[1:10, ]); coef(fit)[2]"),
        (4, "x[1] <- f(2)"),
        (5, "```"),
        (6, "as described previously [5]."),
    ]
    assert [c.numbers for c in find_citations(body)] == [(4,), (5,)]


# --------------------------------------------------------------------------- LaTeX tables

TEX_TABLE = [
    (1, r"Networks learn \cite{lecun}. Older work~\cite{laemmli}."),
    (2, r"\begin{table}\centering"),
    (3, r"\begin{tabular}{ll}"),
    (4, r"A & [1, 3] \\"),
    (5, r"B & [12] \cite{smith} (4) \\"),
    (6, r"\end{tabular} Later text [7]."),
    (7, r"\end{table}"),
]


def test_a_latex_table_cites_only_with_its_cite_commands() -> None:
    found = find_citations(TEX_TABLE)
    assert [c.keys for c in found if c.keys] == [("lecun",), ("laemmli",), ("smith",)]
    # "[1, 3]" and "[12]" in the cells are not read; "[7]" after the table is, but a body
    # citing by key has its numbers made by LaTeX: a typed one is only weak evidence.
    assert [(c.numbers, c.weak) for c in found if c.numbers] == [((7,), True)]


def test_a_table_spread_over_one_line_and_starred_forms() -> None:
    line = r"x \begin{tabularx*}{5cm}{l} [3] \cite{a} \end{tabularx*} y [4] \cite{b}"
    found = find_citations([(1, line)])
    assert [c.keys for c in found if c.keys] == [("a",), ("b",)]
    assert [c.numbers for c in found if c.numbers] == [(4,)]


def test_numbers_stay_strong_without_key_citations() -> None:
    found = find_citations([(1, "Diabetes affects 10% of adults [1]."), (2, "Later [2].")])
    assert [(c.numbers, c.weak) for c in found] == [((1,), False), ((2,), False)]


def test_a_table_nested_in_a_cell_does_not_end_the_outer_one() -> None:
    # Table generators break a cell's lines with a tabular inside it.
    body = [
        (1, r"Typed citations [1]."),
        (2, r"\begin{tabular}{ll}"),
        (3, r"a & \begin{tabular}[c]{@{}l@{}}x\\y\end{tabular} \\"),
        (4, r"b & 40 [25, 57] \\"),
        (5, r"\end{tabular} After [2]."),
    ]
    assert [c.numbers for c in find_citations(body)] == [(1,), (2,)]


@pytest.mark.parametrize(
    "environment", ["tblr", "longtblr", "NiceTabular", "xltabular", "longtabu"]
)
def test_other_table_packages_are_tables(environment: str) -> None:
    body = [
        (1, r"Typed citations [1]."),
        (2, rf"\begin{{{environment}}}{{ll}} a & [25, 57] \\ \end{{{environment}}} Then [2]."),
    ]
    assert [c.numbers for c in find_citations(body)] == [(1,), (2,)]


@pytest.mark.parametrize(
    ("opening", "line", "closing"),
    [
        (r"\begin{verbatim}", "a = [5, 6]", r"\end{verbatim}"),
        (r"\begin{lstlisting}[language=Python]", "print(a[9])", r"\end{lstlisting}"),
        (r"\begin{minted}{python}", "b = [8]", r"\end{minted}"),
        (r"\begin{algorithmic}[5]", r"\State $x \gets y$ [7]", r"\end{algorithmic}"),
    ],
)
def test_code_and_pseudo_code_are_not_running_text(opening: str, line: str, closing: str) -> None:
    body = [(1, "Typed citations [1]."), (2, opening), (3, line), (4, closing), (5, "Then [2].")]
    assert [c.numbers for c in find_citations(body)] == [(1,), (2,)]


def test_an_html_table_in_markdown_is_a_table() -> None:
    body = [
        (1, "Typed citations [1]."),
        (2, '<table class="kable">'),
        (3, "<tr><td>Age</td><td>40 [25, 57]</td></tr>"),
        (4, "</table> Then [2]. <TABLE><tr><td>(12) [14]</td></tr></TABLE>"),
    ]
    assert [c.numbers for c in find_citations(body)] == [(1,), (2,)]


def test_a_link_on_a_handle_is_not_a_key_citation() -> None:
    # Pandoc reads "[@refcheck](url)" as a link, not a citation.
    body = [(1, "Typed [1]. Follow [@refcheck](https://example.org/refcheck). Missing [5].")]
    assert [(c.numbers, c.keys, c.weak) for c in find_citations(body)] == [
        ((1,), (), False),
        ((5,), (), False),
    ]


def test_one_stray_key_citation_leaves_a_numbered_body_numbered() -> None:
    # The LaTeX manual's "\cite{key}" quoted once in a body citing by number: its numbers
    # stay citations, "[5]" beyond the list an error.
    body = [(1, r"Typed [1], [2] and [3]. Write \cite{key} in LaTeX."), (2, "Missing [5].")]
    found = find_citations(body)
    assert [(c.numbers, c.weak) for c in found if c.numbers] == [
        ((1,), False),
        ((2,), False),
        ((3,), False),
        ((5,), False),
    ]


def test_an_angle_bracketed_table_number_in_prose_opens_no_table() -> None:
    body = [(1, "Typed [1]; see <table 2> below."), (2, "Missing [5].")]
    assert [c.numbers for c in find_citations(body)] == [(1,), (5,)]


@pytest.mark.parametrize(
    ("line", "cited"),
    [
        # An inline enumeration does not reach ten: a two-digit number before "from" or
        # "the" is a citation (a real Word manuscript's false "never cited" warning).
        ("A study by T.P. Saltzherr (18) from a Dutch centre found it.", [(18,)]),
        ("as reported by Lind (12) the rate fell.", [(12,)]),
        # Small numbers before a clause still open an enumeration.
        ("concern (1) the metacommunity approach", []),
        ("that were (3) from the first cohort", []),
    ],
)
def test_a_clause_after_a_two_digit_number_does_not_hide_the_citation(
    line: str, cited: list[tuple[int, ...]]
) -> None:
    assert numbers_in(line) == cited
