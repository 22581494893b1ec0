"""achemso's .bbl (ACS journals): the list is an ``mcitethebibliography`` environment and every
item ends with mcite's punctuation bookkeeping. The items are made up; only the layout follows
what achemso writes."""

from __future__ import annotations

from refcheck.extract import InputSource, extract_document
from refcheck.models import Document
from refcheck.parse import parse_reference

_PREAMBLE = r"""\providecommand{\latin}[1]{#1}
\providecommand*\mcitethebibliography{\thebibliography}
\csname @ifundefined\endcsname{endmcitethebibliography}
  {\let\endmcitethebibliography\endthebibliography}{}
\begin{mcitethebibliography}{2}
\providecommand*\natexlab[1]{#1}
\mciteSetBstSublistMode{f}
"""
_TAIL = r"""\relax
\mciteBstWouldAddEndPuncttrue
\mciteSetBstMidEndSepPunct{\mcitedefaultmidpunct}
{\mcitedefaultendpunct}{\mcitedefaultseppunct}\relax
\EndOfBibitem
"""
_ITEMS = (
    r"""\bibitem[Okoro and Lind(2017)Okoro, and Lind]{okoro2017}
Okoro,~T.; Lind,~H. {Made-up DNA Shapes}. \emph{Nat. Rev. Mater.}
  \textbf{2017}, \emph{3}, 1--23"""
    + _TAIL
    + r"""\bibitem[Berg \latin{et~al.}(2010)Berg, Roe, and Lind]{berg2010}
Berg,~A.; Roe,~P.; Lind,~H. {A Made-up Assembly Line}. \emph{Nature} \textbf{2010},
  \emph{465}, 202--205"""
    + _TAIL
)


def extract(text: str) -> Document:
    return extract_document(InputSource(path="ms.bbl", data=text.encode(), suffix=".bbl"))


def test_achemso_list_is_read_without_its_bookkeeping() -> None:
    document = extract(_PREAMBLE + _ITEMS + "\\end{mcitethebibliography}\n")
    assert [r.key for r in document.references] == ["okoro2017", "berg2010"]
    first, second = (r.text for r in document.references)
    assert first == "Okoro, T.; Lind, H. Made-up DNA Shapes. Nat. Rev. Mater. 2017, 3, 1–23"
    assert "mcite" not in second and "EndOfBibitem" not in second
    ref = parse_reference(document.references[1]).reference
    assert (ref.authors[0].family, ref.year, ref.volume) == ("Berg", 2010, "465")
    assert (ref.journal, ref.pages and ref.pages.first) == ("Nature", "202")


def test_plain_thebibliography_is_read_as_before() -> None:
    document = extract(
        "\\begin{thebibliography}{1}\n\\bibitem{a} Okoro T. Made-up. Nature. 2010;465:202-5.\n"
        "\\end{thebibliography}\n"
    )
    assert [r.text for r in document.references] == ["Okoro T. Made-up. Nature. 2010;465:202-5."]
