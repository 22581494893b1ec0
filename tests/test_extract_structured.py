"""LaTeX (.tex, .bbl), BibTeX and RIS inputs."""

from __future__ import annotations

import pytest

from refcheck.errors import InputError
from refcheck.extract import InputSource, extract_document
from refcheck.models import Document
from refcheck.parse.structured import reference_from_fields


def extract(text: str, suffix: str) -> Document:
    return extract_document(InputSource(path="in" + suffix, data=text.encode(), suffix=suffix))


TEX = r"""\documentclass{article}
\begin{document}
Calcinosis is common \cite{gut2012,col2006}. % a comment \cite{nope}
Menopause~\citep{col2006}.

\begin{thebibliography}{9}
\bibitem[Gutierrez and Wetter(2012)]{gut2012}
Gutierrez A~Jr, Wetter DA.
\newblock Calcinosis cutis in autoimmune connective tissue diseases.
\newblock {\em Dermatol Ther}. 2012;25(2):195--206.

\bibitem{col2006} Col NF, Ngo L, Fortin JM. Decision making and menopause.
Lancet. 2006;368:1021--30. \url{https://doi.org/10.1016/S0140_6736} M{\"u}ller 10\%
\end{thebibliography}
\end{document}
"""


def test_thebibliography_items_keys_lines_and_citations() -> None:
    document = extract(TEX, ".tex")
    refs = document.references
    assert [ref.key for ref in refs] == ["gut2012", "col2006"]
    assert [ref.number for ref in refs] == [1, 2]
    assert [ref.line for ref in refs] == [7, 12]
    assert refs[0].text == (
        "Gutierrez A Jr, Wetter DA. Calcinosis cutis in autoimmune connective tissue "
        "diseases. Dermatol Ther. 2012;25(2):195–206."
    )
    assert refs[1].text == (
        "Col NF, Ngo L, Fortin JM. Decision making and menopause. Lancet. 2006;368:1021–30. "
        "https://doi.org/10.1016/S0140_6736 Müller 10%"
    )
    assert document.has_body
    assert [citation.line for citation in document.citations] == [3, 4]
    assert document.citations[0].keys == ("gut2012", "col2006")


def test_bbl_file_has_no_body() -> None:
    bbl = TEX[TEX.index(r"\begin{thebibliography}") : TEX.index(r"\end{document}")]
    document = extract(bbl, ".bbl")
    assert len(document.references) == 2
    assert not document.has_body
    assert document.references[0].line == 2


def test_tex_pointing_at_a_bib_file_warns() -> None:
    document = extract("Text \\cite{a}.\n\\bibliography{refs}\n", ".tex")
    assert document.references == ()
    assert any("refs" in warning for warning in document.warnings)


BIBLATEX_BBL = r"""\refsection{0}
    \entry{liao2019}{article}{}
      \name{author}{2}{}{%
        {{hash=abc}{%
           family={Liao},
           given={Hsien-Tzung},
           giveni={H\bibinithyphendelim T\bibinitperiod},
        }}%
        {{hash=def}{%
           family={Berg},
           given={Jan},
           prefix={van\bibnamedelima der},
        }}%
      }
      \field{title}{Clinical characteristics of {COVID}-19}
      \field{journaltitle}{J Rheumatol}
      \field{year}{2019}
      \field{volume}{46}
      \field{number}{4}
      \field{pages}{412\bibrangedash 418}
      \verb{doi}
      \verb 10.3899/jrheum.180_1
      \endverb
    \endentry
\endrefsection
"""


def test_biblatex_bbl_entries_are_structured() -> None:
    (ref,) = extract(BIBLATEX_BBL, ".bbl").references
    assert ref.key == "liao2019"
    assert ref.line == 2
    assert ref.fields is not None
    assert ref.fields["authors"] == [
        {"family": "Liao", "given": "HT", "suffix": None},
        {"family": "van der Berg", "given": "J", "suffix": None},
    ]
    assert ref.fields["pages"] == "412-418"
    assert ref.fields["doi"] == "10.3899/jrheum.180_1"


BIB = r"""% comment
@string{jrh = "J Rheumatol"}

@article{liao2019,
  author = {Liao, Hsien-Tzung and Chen, C.-H. and {World Health Organization}
            and van der Berg, Jr., J. and others},
  title = {Clinical {COVID}-19 characteristics of {\"u}ber hypertension},
  journal = jrh,
  year = 2019,
  volume = {46}, number = {4}, pages = {412--8}, doi = {https://doi.org/10.1/abc},
  pmid = {30647174},
}

@article{bad, title = {unterminated
@incollection{b2, author={Smith, John}, title={A Chapter}, booktitle={The Book},
  editor={Doe, Jane}, publisher={Springer}, address={Berlin}, year={2001}, pages={10--20}}
"""


def test_bibtex_entries_fields_and_failed_blocks() -> None:
    document = extract(BIB, ".bib")
    first, second = document.references
    assert (first.key, first.line, first.number) == ("liao2019", 4, None)
    assert first.fields == {
        "type": "journal-article",
        "authors": [
            {"family": "Liao", "given": "HT", "suffix": None},
            {"family": "Chen", "given": "CH", "suffix": None},
            {"family": "van der Berg", "given": "J", "suffix": "Jr"},
        ],
        "collective": "World Health Organization",
        "et_al": True,
        "title": "Clinical COVID-19 characteristics of über hypertension",
        "journal": "J Rheumatol",
        "year": "2019",
        "volume": "46",
        "issue": "4",
        "pages": "412-8",
        "doi": "10.1/abc",
        "pmid": "30647174",
    }
    assert first.text.startswith("Liao HT, Chen CH, van der Berg J Jr, World Health Organization")
    assert "J Rheumatol. 2019;46(4):412-8." in first.text
    assert second.fields is not None
    assert second.fields["type"] == "chapter"
    assert second.fields["journal"] == "The Book"
    assert second.line == 15
    assert document.warnings == ("in.bib:14: cannot parse the entry; skipped",)
    # The parser accepts the fields as they are.
    reference, findings = reference_from_fields(first.fields)
    assert findings == ()
    assert reference.pages is not None and reference.pages.last == "418"


RIS = """TY  - JOUR
AU  - Liao, Hsien-Tzung
AU  - Chen, C. H.
TI  - Clinical characteristics of pulmonary
  hypertension
JO  - J Rheumatol
PY  - 2019/04/01
VL  - 46
IS  - 4
SP  - 412
EP  - 8
DO  - 10.1/abc
AN  - 30647174
ER  -

TY  - BOOK
AU  - World Health Organization
TI  - Global tuberculosis report 2019
CY  - Geneva
PB  - WHO
PY  - 2019
ER  -
"""


def test_ris_records() -> None:
    document = extract(RIS, ".ris")
    first, second = document.references
    assert first.line == 1 and second.line == 16
    assert first.fields is not None and second.fields is not None
    assert first.fields["title"] == "Clinical characteristics of pulmonary hypertension"
    assert first.fields["pages"] == "412-8"
    assert first.fields["pmid"] == "30647174"
    assert first.text == (
        "Liao HT, Chen CH. Clinical characteristics of pulmonary hypertension. "
        "J Rheumatol. 2019;46(4):412-8. doi:10.1/abc PMID: 30647174."
    )
    assert second.fields["collective"] == "World Health Organization"
    assert second.text == (
        "World Health Organization. Global tuberculosis report 2019. Geneva: WHO; 2019."
    )


def test_sniffs_formats_from_standard_input() -> None:
    for text, count in ((BIB, 2), (RIS, 2), (TEX, 2)):
        document = extract_document(InputSource(path="<stdin>", data=text.encode(), suffix=""))
        assert len(document.references) == count


@pytest.mark.parametrize("suffix", [".bib", ".ris", ".tex"])
def test_empty_structured_inputs_are_errors(suffix: str) -> None:
    with pytest.raises(InputError, match="empty"):
        extract("  \n", suffix)


def test_ris_names_without_commas() -> None:
    record = (
        "TY  - JOUR\nAU  - Smith AB\nAU  - John Smith\nAU  - WHO Expert Committee\n"
        "TI  - A title\nPY  - 2020\nER  - \n"
    )
    (ref,) = extract(record, ".ris").references
    assert ref.fields is not None
    assert ref.fields["authors"] == [
        {"family": "Smith", "given": "AB", "suffix": None},
        {"family": "Smith", "given": "J", "suffix": None},
    ]
    assert ref.fields["collective"] == "WHO Expert Committee"


def test_bibtex_group_author_without_braces() -> None:
    entry = (
        "@report{who,\n  author = {World Health Organization},\n"
        "  title = {Report},\n  year = {2019}}\n"
    )
    (ref,) = extract(entry, ".bib").references
    assert ref.fields is not None
    assert ref.fields["collective"] == "World Health Organization"
    assert "authors" not in ref.fields


def test_bibtex_name_with_an_empty_last_part() -> None:
    entry = (
        "@manual{base,\n  author = {, Sleep Core Team and Doe, Jane},\n"
        "  title = {Sleep: a language},\n  year = {2023}}\n"
    )
    (ref,) = extract(entry, ".bib").references
    assert ref.fields is not None
    assert ref.fields["collective"] == "Sleep Core Team"
    assert [a["family"] for a in ref.fields["authors"]] == ["Doe"]
