"""LaTeX bibliographies as styles write them: .bbl macros, several lists, external .bib."""

from __future__ import annotations

import pytest

from refcheck.extract import InputSource, extract_document
from refcheck.extract.latex import expand_bbl_macros
from refcheck.models import Document, Severity
from refcheck.parse import parse_reference
from refcheck.pipeline import ParsedDocument
from refcheck.validate.citations import check_citations


def extract(text: str, suffix: str = ".bbl", path: str = "in") -> Document:
    return extract_document(InputSource(path=path + suffix, data=text.encode(), suffix=suffix))


def only_text(bbl: str) -> str:
    document = extract("\\begin{thebibliography}{1}\n" + bbl + "\n\\end{thebibliography}\n")
    (reference,) = document.references
    return reference.text


@pytest.mark.parametrize(
    ("latex", "expected"),
    [
        (r"\bibinfo{journal}{Gen Res} \emph{\bibinfo{volume}{25}}", "Gen Res 25"),
        (r"\newblock \href {https://doi.org/10.1/x} {\path{doi:10.1/x}}.", " doi:10.1/x."),
        (
            r"\bibfield {author} {\bibinfo {author} {\bibfnamefont {A.~B.}\ \bibnamefont {Roe}}}",
            "A.~B. Roe",
        ),
        (r"(\bibinfo{year}{2023}{\natexlab{b}})", "(2023{b})"),
        (r"\BibitemOpen x\BibitemShut {NoStop}", "x"),
        (r"\href@noop {} {\emph {A book}}", "A book"),
    ],
)
def test_bbl_macros_expand(latex: str, expected: str) -> None:
    assert expand_bbl_macros(latex) == expected


def test_a_link_keeps_its_address_when_the_text_does_not_show_it() -> None:
    text = expand_bbl_macros(
        r"\href {https://doi.org/10.5555/qq.1} {\bibfield {journal} {\bibinfo {journal} "
        r"{Q. Rev.}\ }\textbf {\bibinfo {volume} {18}},\ \bibinfo {pages} {920} "
        r"(\bibinfo {year} {1969})}"
    )
    assert " ".join(text.split()) == "Q. Rev. 18, 920 (1969) https://doi.org/10.5555/qq.1"


def test_natbib_cell_item_keeps_doi_volume_and_pages() -> None:
    text = only_text(
        r"""\bibitem[{Roe(2015)}]{roe2015}
\bibinfo{author}{Roe, C.} (\bibinfo{year}{2015}). \bibinfo{title}{Counting
  imaginary cells}.
\newblock \bibinfo{journal}{Gen Res} \emph{\bibinfo{volume}{25}},
  \bibinfo{pages}{1491--1498}. \DOIprefix\doi{10.5555/gr.1_2}."""
    )
    assert text == (
        "Roe, C. (2015). Counting imaginary cells. Gen Res 25, 1491–1498. doi:10.5555/gr.1_2."
    )
    reference = parse_reference_text(text)
    assert (reference.volume, reference.doi) == ("25", "10.5555/gr.1_2")
    assert reference.pages is not None and reference.pages.first == "1491"


def parse_reference_text(text: str):  # type: ignore[no-untyped-def]
    from refcheck.models import RawReference

    return parse_reference(RawReference(number=1, text=text, line=1)).reference


def test_two_lists_in_one_file_are_both_read_and_numbered_on() -> None:
    tex = r"""\begin{thebibliography}{2}
\bibitem{a} Roe A. First made-up work. J Imag. 2001;1:1--2.
\bibitem{b} Doe B. Second made-up work. J Imag. 2002;2:3--4.
  \setcounter{firstbib}{\value{NAT@ctr}}
\end{thebibliography}
\renewcommand\refname{References (Methods)}
\begin{thebibliography}{1}
\bibitem{c} Poe C. Third made-up work. J Imag. 2003;3:5--6.
\end{thebibliography}
"""
    references = extract(tex).references
    assert [(r.number, r.key) for r in references] == [(1, "a"), (2, "b"), (3, "c")]
    assert references[1].text.endswith("2002;2:3–4.")


def test_numbers_in_a_table_of_a_cite_document_raise_no_citation_error() -> None:
    tex = r"""\documentclass{article}
\begin{document}
Deep networks learn representations \cite{lecun}. Blots are old \cite{laemmli}.
\begin{tabular}{ll}
A & [1, 3] \\
B & [12] \\
\end{tabular}
\begin{thebibliography}{9}
\bibitem{lecun} LeCun Y, Bengio Y, Hinton G. Deep learning. Nature. 2015;521(7553):436-44.
\bibitem{laemmli} Laemmli UK. Cleavage of structural proteins. Nature. 1970;227:680-5.
\end{thebibliography}
\end{document}
"""
    document = extract(tex, suffix=".tex")
    parsed = ParsedDocument(document, tuple(parse_reference(r) for r in document.references))
    result = check_citations(parsed.document, parsed.references)
    findings = [*result.document, *(f for fs in dict(result.by_reference).values() for f in fs)]
    assert [f.code for f in findings if f.severity in (Severity.ERROR, Severity.WARNING)] == []
    assert {key for c in document.citations for key in c.keys} == {"lecun", "laemmli"}


def test_the_preamble_is_not_body_text() -> None:
    # "[2]" is the number of a macro's arguments, not a citation.
    tex = r"""\documentclass[12pt]{article}
\newcommand{\pair}[2]{(#1, #2)}
\begin{document}
Deep networks learn representations [1].
\begin{thebibliography}{9}
\bibitem{lecun} LeCun Y, Bengio Y, Hinton G. Deep learning. Nature. 2015;521(7553):436-44.
\bibitem{laemmli} Laemmli UK. Cleavage of structural proteins. Nature. 1970;227:680-5.
\end{thebibliography}
\end{document}
"""
    assert [c.numbers for c in extract(tex, suffix=".tex").citations] == [(1,)]
