"""Property: a generated reference list, printed in any numbering style and wrapped at any
width, reads back as the same references."""

from __future__ import annotations

import textwrap

from hypothesis import given, settings
from hypothesis import strategies as st

from refcheck.extract import InputSource, extract_document

SURNAMES = ["Smith", "Nguyen", "O'Brien", "García-López", "van der Berg", "Müller", "Li", "Okafor"]
WORDS = ["risk", "cohort", "outcomes", "in", "adults", "with", "chronic", "kidney", "disease",
         "a", "randomized", "trial", "of", "therapy", "meta-analysis", "children"]  # fmt: skip
JOURNALS = ["Lancet", "N Engl J Med", "BMJ", "J Clin Oncol", "Rev Saude Publica", "PLoS One"]


@st.composite
def references(draw: st.DrawFn) -> str:
    authors = draw(
        st.lists(
            st.tuples(
                st.sampled_from(SURNAMES), st.text("ABCDEFGHJKLMNPRST", min_size=1, max_size=2)
            ),
            min_size=1,
            max_size=6,
        )
    )
    title = " ".join(draw(st.lists(st.sampled_from(WORDS), min_size=3, max_size=14)))
    year = draw(st.integers(1950, 2025))
    volume = draw(st.integers(1, 400))
    first = draw(st.integers(1, 2000))
    last = first + draw(st.integers(0, 30))
    names = ", ".join(f"{family} {initials}" for family, initials in authors)
    journal = draw(st.sampled_from(JOURNALS))
    return f"{names}. {title.capitalize()}. {journal}. {year};{volume}:{first}-{last}."


STYLES = ["{n}. ", "[{n}] ", "{n}) ", "({n}) ", ""]


@settings(max_examples=100, deadline=None)
@given(
    refs=st.lists(references(), min_size=1, max_size=15),
    style=st.sampled_from(STYLES),
    width=st.one_of(st.none(), st.integers(40, 120)),
    blank_between=st.booleans(),
    heading=st.sampled_from(["References", "## REFERENCES", "Bibliografía:", None]),
)
def test_printed_list_reads_back(
    refs: list[str], style: str, width: int | None, blank_between: bool, heading: str | None
) -> None:
    numbered = bool(style)
    if not numbered and width is not None:
        blank_between = True  # unnumbered wrapped references need paragraph breaks
    blocks = []
    for index, reference in enumerate(refs, 1):
        printed = style.format(n=index) + reference
        lines = (
            textwrap.wrap(printed, width, break_on_hyphens=False, break_long_words=False)
            if width
            else [printed]
        )
        blocks.append("\n".join(lines))
    separator = "\n\n" if blank_between else "\n"
    text = (f"{heading}\n\n" if heading else "") + separator.join(blocks) + "\n"
    document = extract_document(InputSource(path="p.txt", data=text.encode(), suffix=".txt"))
    assert [ref.text for ref in document.references] == refs
    expected_numbers = list(range(1, len(refs) + 1)) if numbered else [None] * len(refs)
    assert [ref.number for ref in document.references] == expected_numbers
    starts = [ref.line for ref in document.references]
    assert starts == sorted(starts)
