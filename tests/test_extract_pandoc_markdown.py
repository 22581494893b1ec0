"""Markdown that pandoc (or Quarto) wrote with citeproc: the rendered list inside fenced divs
and bracketed spans, or in GitHub Markdown as HTML divs and spans. Made-up references."""

from __future__ import annotations

from refcheck.extract import InputSource, extract_document
from refcheck.models import Document

_PANDOC = """# A made-up note

Sleep matters [1], and so does rest [2].

## References

::: {#refs .references .csl-bib-body}
::: {#ref-okoro2019 .csl-entry}
[1. ]{.csl-left-margin}[Okoro T, Lind H. Made-up sleep. Nature. 2019;5:1-9.
doi:[10.1000/abc](https://doi.org/10.1000/abc)]{.csl-right-inline}
:::

::: {#ref-roe2020 .csl-entry}
[2. ]{.csl-left-margin}[Roe P. Made-up rest. Lancet. 2020;6:2-3.]{.csl-right-inline}
:::
:::
"""

_GFM = """# A made-up note

Sleep matters [1].

## References

<div id="refs" class="references csl-bib-body">

<div id="ref-okoro2019" class="csl-entry">

<span class="csl-left-margin">1. </span><span class="csl-right-inline">Okoro T, Lind H.
Made-up sleep. Nature. 2019;5:1-9.</span>

</div>

</div>
"""


def doc(text: str) -> Document:
    return extract_document(InputSource(path="paper.md", data=text.encode(), suffix=".md"))


def test_fenced_divs_and_spans_of_a_rendered_list() -> None:
    document = doc(_PANDOC)
    assert [(r.number, r.text) for r in document.references] == [
        (1, "Okoro T, Lind H. Made-up sleep. Nature. 2019;5:1-9. doi:10.1000/abc"),
        (2, "Roe P. Made-up rest. Lancet. 2020;6:2-3."),
    ]
    assert [c.numbers for c in document.citations] == [(1,), (2,)]


def test_html_divs_and_spans_of_github_markdown() -> None:
    document = doc(_GFM)
    assert [(r.number, r.text) for r in document.references] == [
        (1, "Okoro T, Lind H. Made-up sleep. Nature. 2019;5:1-9."),
    ]
