"""Bibliography-style macros in .bbl items: identifiers and fields survive the conversion."""

from __future__ import annotations

from refcheck.extract.latex import bibitem_text


def test_doi_prefix_macro_keeps_the_doi() -> None:
    item = (
        r"\bibinfo{author}{Quill, A.} (\bibinfo{year}{2019}). \bibinfo{title}{Imaginary cells}."
        r" \newblock \bibinfo{journal}{Fict. Biol.} \emph{\bibinfo{volume}{12}},"
        r" \bibinfo{pages}{101--109}. \DOIprefix\doi{10.5555/fict.2019.12}."
    )
    text = bibitem_text(item)
    assert "doi:10.5555/fict.2019.12" in text
    assert text.startswith("Quill, A. (2019). Imaginary cells. Fict. Biol. 12, 101–109.")
    assert "0X" not in text and "RCURLTOKEN" not in text


def test_revtex_link_around_journal_keeps_fields_and_doi() -> None:
    item = (
        r"\BibitemOpen \bibfield {author} {\bibinfo {author} {\bibfnamefont {B.~C.}\ "
        r"\bibnamefont {Quill}},\ }\href {https://doi.org/10.5555/fict.1999.7} {\bibfield "
        r"{journal} {\bibinfo {journal} {Fict. Rev.}\ }\textbf {\bibinfo {volume} {7}},\ "
        r"\bibinfo {pages} {920} (\bibinfo {year} {1999})}\BibitemShut {NoStop}"
    )
    text = bibitem_text(item)
    assert text.startswith("B. C. Quill, Fict. Rev. 7, 920 (1999) ")
    assert text.endswith("doi.org/10.5555/fict.1999.7")


def test_revtex_link_without_target_is_its_text() -> None:
    item = (
        r"\bibinfo {author} {\bibnamefont {Quill}},\ \href@noop {} {\emph {\bibinfo {title}"
        r" {A {Book} of {Nothing}}}}\ (\bibinfo {publisher} {Nowhere Press},\ \bibinfo {year}"
        r" {1986})\BibitemShut {NoStop}"
    )
    assert bibitem_text(item) == "Quill, A Book of Nothing (Nowhere Press, 1986)"


def test_link_to_another_site_keeps_its_text_and_address() -> None:
    text = bibitem_text(r"Quill B. \href{http://example.org/a_b}{Home page}. 2001.")
    assert text.startswith("Quill B. Home page") and "http://example.org/a_b" in text


def test_doi_field_written_through_a_library_proxy_is_the_doi() -> None:
    from refcheck.parse.identifiers import doi_in_field

    assert doi_in_field("http://dx.doi.org.proxy.example.edu/10.5555/Fict.1") == "10.5555/Fict.1"
    assert doi_in_field(" https://doi.org/10.5555/x. ") == "10.5555/x"
    assert doi_in_field("doi: 10.5555/x") == "10.5555/x"
    assert doi_in_field("not-a-doi") == "not-a-doi"
