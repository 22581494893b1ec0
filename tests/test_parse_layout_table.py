"""The grammar's layouts, each with the printed examples that motivate it: every example is
read by its own layout, so a reader can see which rule reads which reference."""

from __future__ import annotations

import pytest

from refcheck.parse.text_grammar import LAYOUTS, layout_of

EXAMPLES = [(layout.name, example) for layout in LAYOUTS for example in layout.examples]


@pytest.mark.parametrize(("name", "example"), EXAMPLES, ids=[f"{n}:{e[:30]}" for n, e in EXAMPLES])
def test_each_example_is_read_by_its_layout(name: str, example: str) -> None:
    assert layout_of(example) == name


def test_layout_names_are_unique_and_the_last_layout_reads_anything() -> None:
    names = [layout.name for layout in LAYOUTS]
    assert len(names) == len(set(names))
    assert layout_of("Doe J. Some words.") == LAYOUTS[-1].name
    assert layout_of("") is None


def test_freeze_fills_every_reference_field_by_its_name() -> None:
    from dataclasses import fields

    from refcheck.parse.identifiers import extract_identifiers
    from refcheck.parse.text_grammar import _Draft, _freeze

    ids = extract_identifiers("doi:10.1000/xyz PMID: 12345678 PMCID: PMC1234567 https://x.org/a")
    draft = _Draft()
    for item in fields(draft):
        if item.name not in ("findings", "text", "type", "authors", "editors", "et_al", "pages"):
            setattr(draft, item.name, f"<{item.name}>")
    reference = _freeze(draft, ids)
    for item in fields(reference):
        value = getattr(reference, item.name)
        if item.name in ("doi", "pmid", "pmcid", "url"):
            assert value == getattr(ids, item.name) and value is not None
        elif item.name != "type" and isinstance(value, str):
            assert value == f"<{item.name}>"
