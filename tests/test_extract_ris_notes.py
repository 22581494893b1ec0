"""RIS notes that carry the PMID (EndNote and PubMed exports). Made-up records."""

from __future__ import annotations

from refcheck.extract import InputSource, extract_document

_RIS = (
    "TY  - JOUR\nAU  - Okoro, Tunde A.\nTI  - A made-up trial\nT2  - J Made-up Med\n"
    "PY  - 2019///\nVL  - 12\nSP  - 123-9\nN1  - {note}\nER  - \n"
)


def pmid_of(note: str) -> str | None:
    data = _RIS.format(note=note).encode()
    (reference,) = extract_document(InputSource("refs.ris", data, ".ris")).references
    assert reference.fields is not None
    value = reference.fields.get("pmid")
    return str(value) if value is not None else None


def test_a_note_that_is_the_pmid() -> None:
    assert pmid_of("PMID: 35548170") == "35548170"
    assert pmid_of("35548170[pmid]") == "35548170"


def test_a_note_that_only_mentions_a_number_is_no_pmid() -> None:
    assert pmid_of("Cited by 35548170 readers") is None
    assert pmid_of("Trial registration 12345678 at example.org") is None
