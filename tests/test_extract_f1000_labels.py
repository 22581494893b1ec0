"""F1000Research's unnumbered lists as their PDFs print them: no blank line between references,
each closed by a link label on a line of its own ("Publisher Full Text", "Reference Source",
"PubMed Abstract"). The references are made up; only the layout follows the PDF's text."""

from __future__ import annotations

from refcheck.extract import InputSource, extract_document
from refcheck.models import Document
from refcheck.parse import parse_reference

_LIST = """References

Okoro TA, Lind H, Roe P, et al.: Age, growth and longevity of the made-up shark
in New Zealand waters. Mar Freshwater Res. 2006; 57(2): 143–154.
Publisher Full Text
Berg K, Sanford FB: Made-up vitamin studies of dogfish in the State of Washington.
Biological Report. 1949; 49A: 83–114.
Reference Source
Lind H, Roe P: Made-up growth curves. Growth. 1965; 29(3): 265–89.
PubMed Abstract
Frazier BS, Okoro TA: Validated age of the made-up bonnethead. J Fish Biol. 2014.
in press.
Publisher Full Text
"""


def doc(text: str) -> Document:
    return extract_document(InputSource(path="paper.txt", data=text.encode(), suffix=".txt"))


def test_link_labels_close_references_of_an_unnumbered_list() -> None:
    references = doc(_LIST).references
    assert [r.text.split(",")[0].split(" ")[0] for r in references] == [
        "Okoro",
        "Berg",
        "Lind",
        "Frazier",
    ]
    last = parse_reference(references[3]).reference
    assert (last.journal, last.year, last.title) == (
        "J Fish Biol",
        2014,
        "Validated age of the made-up bonnethead",
    )


def test_a_wrapped_line_ending_in_a_word_still_continues_its_reference() -> None:
    text = (
        "References\n\nOkoro TA, Lind H: A made-up study of sharks and their Publisher\n"
        "relations. Mar Freshwater Res. 2006; 57(2): 143–154.\n"
        "Lind H, Roe P: Made-up growth curves. Growth. 1965; 29(3): 265–89.\n"
    )
    assert len(doc(text).references) == 2
