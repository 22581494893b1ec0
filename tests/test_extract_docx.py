"""Word documents: paragraphs, rebuilt list numbers, notes, superscripts, hostile archives."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest

from refcheck.errors import InputError
from refcheck.extract import InputSource, extract_document, read_input
from refcheck.extract import docx as docx_reader
from refcheck.models import Document

REF_A = "Gutierrez A Jr, Wetter DA. Calcinosis cutis. Dermatol Ther. 2012;25(2):195-206."
REF_B = "Col NF, Ngo L, Fortin JM. Decision making and menopause. Lancet. 2006;368:1021-30."
REF_C = "Liao HT, Chen CH. Pulmonary hypertension. J Rheumatol. 2019;46(4):412-8."


def test_list_number_style_and_superscript_citations(tmp_path: Path) -> None:
    word = docx.Document()
    word.add_heading("A paper", 0)
    body = word.add_paragraph("Calcinosis is common")
    body.add_run("1,2").font.superscript = True
    body.add_run(" and menopause matters.")
    word.add_paragraph("Later work agrees.")
    word.add_heading("References", 1)
    for reference in (REF_A, REF_B, REF_C):
        word.add_paragraph(reference, style="List Number")
    word.add_heading("Tables", 1)
    word.add_paragraph("Table 1. Something 2019.")
    path = tmp_path / "paper.docx"
    word.save(str(path))
    document = extract_document(read_input(str(path)))
    assert [ref.text for ref in document.references] == [REF_A, REF_B, REF_C]
    assert [ref.number for ref in document.references] == [1, 2, 3]
    assert [ref.line for ref in document.references] == [5, 6, 7]  # paragraph index + 1
    assert document.has_body
    assert [(c.line, c.numbers) for c in document.citations] == [(2, (1, 2))]


def test_typed_numbers_and_unnumbered_paragraphs(tmp_path: Path) -> None:
    word = docx.Document()
    word.add_paragraph("Bibliography")
    for reference in (REF_A, REF_B):
        word.add_paragraph(reference)
        word.add_paragraph("")
    path = tmp_path / "list.docx"
    word.save(str(path))
    document = extract_document(read_input(str(path)))
    assert [ref.text for ref in document.references] == [REF_A, REF_B]
    assert [ref.number for ref in document.references] == [None, None]
    assert [ref.line for ref in document.references] == [2, 4]


# --------------------------------------------------------------------------- raw packages

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/word/endnotes.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.endnotes+xml"/>'
    '<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.numbering+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)
DOC_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/endnotes" Target="endnotes.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/numbering" Target="numbering.xml"/>'
    "</Relationships>"
)
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def paragraph(text: str, num_id: int | None = None) -> str:
    props = (
        f'<w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr></w:pPr>'
        if num_id is not None
        else ""
    )
    return f'<w:p>{props}<w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


def package(body: str, endnotes: str = "", numbering: str = "", prolog: str = "") -> bytes:
    document = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{prolog}'
        f"<w:document {W}><w:body>{body}</w:body></w:document>"
    )
    notes = (
        f'<?xml version="1.0" encoding="UTF-8"?><w:endnotes {W}>'
        '<w:endnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
        f"</w:endnote>{endnotes}</w:endnotes>"
    )
    numbers = f'<?xml version="1.0" encoding="UTF-8"?><w:numbering {W}>{numbering}</w:numbering>'
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("word/_rels/document.xml.rels", DOC_RELS)
        archive.writestr("word/document.xml", document)
        archive.writestr("word/endnotes.xml", notes)
        archive.writestr("word/numbering.xml", numbers)
    return buffer.getvalue()


def extract_bytes(data: bytes) -> Document:
    return extract_document(InputSource(path="raw.docx", data=data, suffix=".docx"))


def test_numbering_definition_start_value_and_brackets() -> None:
    numbering = (
        '<w:abstractNum w:abstractNumId="7"><w:lvl w:ilvl="0"><w:start w:val="5"/>'
        '<w:numFmt w:val="decimal"/><w:lvlText w:val="[%1]"/></w:lvl></w:abstractNum>'
        '<w:num w:numId="3"><w:abstractNumId w:val="7"/></w:num>'
    )
    body = paragraph("References") + "".join(paragraph(ref, 3) for ref in (REF_A, REF_B, REF_C))
    document = extract_bytes(package(body, numbering=numbering))
    assert [ref.number for ref in document.references] == [5, 6, 7]
    assert [ref.text for ref in document.references] == [REF_A, REF_B, REF_C]


def test_start_override_restarts_a_list() -> None:
    numbering = (
        '<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
        '<w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>'
        '<w:num w:numId="2"><w:abstractNumId w:val="1"/>'
        '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="10"/></w:lvlOverride></w:num>'
    )
    body = paragraph("References") + paragraph(REF_A, 2) + paragraph(REF_B, 2)
    document = extract_bytes(package(body, numbering=numbering))
    assert [ref.number for ref in document.references] == [10, 11]


def test_references_in_endnotes() -> None:
    body = (
        '<w:p><w:r><w:t xml:space="preserve">Calcinosis is common.</w:t></w:r>'
        '<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
        '<w:endnoteReference w:id="1"/></w:r>'
        '<w:r><w:t xml:space="preserve"> Menopause too.</w:t></w:r>'
        '<w:r><w:endnoteReference w:id="2"/></w:r></w:p>'
    )
    endnotes = "".join(
        f'<w:endnote w:id="{index}"><w:p><w:r><w:endnoteRef/></w:r>'
        f'<w:r><w:t xml:space="preserve"> {ref}</w:t></w:r></w:p></w:endnote>'
        for index, ref in ((1, REF_A), (2, REF_B))
    )
    document = extract_bytes(package(body, endnotes=endnotes))
    refs = document.references
    assert [ref.text for ref in refs] == [REF_A, REF_B]
    assert [ref.number for ref in refs] == [1, 2]
    assert [ref.line for ref in refs] == [1, 1]
    assert [c.numbers for c in document.citations] == [(1,), (2,)]


def test_tracked_deletions_are_not_text() -> None:
    body = paragraph("References") + (
        '<w:p><w:r><w:t xml:space="preserve">Col NF. Decision making. </w:t></w:r>'
        '<w:del w:id="1" w:author="x"><w:r><w:delText>Wrong. </w:delText></w:r></w:del>'
        "<w:r><w:t>Lancet. 2006;368:1021-30.</w:t></w:r></w:p>"
    )
    document = extract_bytes(package(body))
    assert [ref.text for ref in document.references] == [
        "Col NF. Decision making. Lancet. 2006;368:1021-30."
    ]


# --------------------------------------------------------------------------- bad input


def test_xml_external_entity_is_refused() -> None:
    prolog = '<!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    data = package(paragraph("References") + paragraph("&xxe;"), prolog=prolog)
    with pytest.raises(InputError, match="entities"):
        extract_bytes(data)


def test_zip_bomb_is_refused_before_decompressing(monkeypatch: pytest.MonkeyPatch) -> None:
    # A small limit keeps the test fast; the check is the same at the real 200 MiB.
    monkeypatch.setattr(docx_reader, "MAX_UNCOMPRESSED_BYTES", 2**20)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"\0" * (4 * 2**20))
    data = buffer.getvalue()
    assert len(data) < 2**15
    with pytest.raises(InputError, match="zip bomb"):
        extract_bytes(data)


@pytest.mark.parametrize(
    "data",
    [b"PK\x03\x04 this is not really a zip", b"plain text pretending", b""],
)
def test_corrupt_docx_is_an_input_error(data: bytes) -> None:
    with pytest.raises(InputError):
        extract_bytes(data)


def test_zip_without_word_document_is_refused() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(InputError, match="not a Word document"):
        extract_bytes(buffer.getvalue())


def test_entities_in_a_utf16_part_are_refused_too() -> None:
    buffer = io.BytesIO()
    xml = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x [<!ENTITY a "b">]><x/>'
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", xml.encode("utf-16"))
    with pytest.raises(InputError, match="entities"):
        extract_bytes(buffer.getvalue())


def test_reference_list_set_as_a_table(tmp_path: Path) -> None:
    word = docx.Document()
    word.add_paragraph("Body text cites [1] and [2].")
    word.add_paragraph("References")
    table = word.add_table(rows=2, cols=2)
    for row, (number, reference) in zip(table.rows, ((1, REF_A), (2, REF_B)), strict=True):
        row.cells[0].text = f"{number}."
        row.cells[1].text = reference
    path = tmp_path / "table.docx"
    word.save(str(path))
    document = extract_document(read_input(str(path)))
    assert [(ref.number, ref.text, ref.line) for ref in document.references] == [
        (1, REF_A, 3),
        (2, REF_B, 4),
    ]
