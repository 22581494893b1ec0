"""biblatex .bbl name lists as recent biber writes them with uniquename on (APA and author-year
styles): every name opens "{{un=0,uniquepart=base,hash=...}{", and a group author is braced
whole ("family={{...}}"). The entries are made up; only the layout follows biber's output."""

from __future__ import annotations

from refcheck.extract import InputSource, extract_document
from refcheck.models import Document

_BBL = r"""\refsection{0}
  \datalist[entry]{apa/apasortcite//global/global/global}
    \entry{okoro2022}{article}{}{}
      \name{author}{2}{}{%
        {{un=0,uniquepart=base,hash=5316161ffff0f25d1fb5e46b0718b83c}{%
           family={Okoro},
           familyi={O\bibinitperiod},
           given={Tunde\bibnamedelima Ade},
           giveni={T\bibinitperiod\bibinitdelim A\bibinitperiod},
           givenun=0}}%
        {{un=0,uniquepart=base,hash=ea27b19822f7d6a074a2dcf21b747db9}{%
           family={Lind},
           familyi={L\bibinitperiod},
           given={Hanna},
           giveni={H\bibinitperiod},
           givenun=0}}%
      }
      \field{journaltitle}{Applied Sciences}
      \field{title}{A made-up discriminant model}
      \field{volume}{12}
      \field{year}{2022}
    \endentry
    \entry{group2021}{article}{}{}
      \name{author}{1}{}{%
        {{un=0,uniquepart=base,hash=f5166c1f92cd451ec7d754cf10455e75}{%
           family={{Made-up Dementia Association}},
           familyi={M\bibinitperiod}}}%
      }
      \field{journaltitle}{Dementia}
      \field{title}{Made-up facts and figures}
      \field{year}{2021}
    \endentry
    \entry{single2020}{article}{}{}
      \name{author}{1}{}{%
        {{un=0,uniquepart=base,hash=aaaa}{%
           family={Berg},
           familyi={B\bibinitperiod}}}%
      }
      \field{journaltitle}{Dementia}
      \field{title}{Made-up single-name author}
      \field{year}{2020}
    \endentry
  \enddatalist
\endrefsection
"""


def extract(text: str) -> Document:
    return extract_document(InputSource(path="main.bbl", data=text.encode(), suffix=".bbl"))


def test_uniquename_name_lists_are_read() -> None:
    first, group, single = extract(_BBL).references
    assert first.fields is not None
    assert first.fields["authors"] == [
        {"family": "Okoro", "given": "TA", "suffix": None},
        {"family": "Lind", "given": "H", "suffix": None},
    ]
    assert group.fields is not None
    assert group.fields.get("authors", []) == []
    assert group.fields["collective"] == "Made-up Dementia Association"
    # A family name braced once, with no given name, is still a person.
    assert single.fields is not None
    assert single.fields["authors"] == [{"family": "Berg", "given": None, "suffix": None}]
