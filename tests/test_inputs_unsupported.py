"""RTF, .doc and .odt are refused with what to convert them to, whatever their suffix."""

from __future__ import annotations

import io
import zipfile

import pytest

from refcheck.errors import InputError
from refcheck.extract import InputSource, extract_document

RTF = rb"{\rtf1\ansi{\fonttbl{\f0 Times;}} 1. Quill A. A made-up title. J Fict. 2001;1:1-2.\par}"
DOC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


def _odt() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        # The OpenDocument rule: an uncompressed 'mimetype' member first.
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "suffix", "kind"),
    [
        (RTF, ".rtf", "RTF"),
        (RTF, ".txt", "RTF"),  # an RTF saved under a text name
        (DOC, ".doc", ".doc"),
        (DOC, ".docx", ".doc"),
        (_odt(), ".odt", "OpenDocument"),
        (_odt(), ".docx", "OpenDocument"),
    ],
)
def test_unsupported_document_is_refused_with_a_conversion_hint(
    data: bytes, suffix: str, kind: str
) -> None:
    with pytest.raises(InputError) as caught:
        extract_document(InputSource(path=f"paper{suffix}", data=data, suffix=suffix))
    message = str(caught.value)
    assert kind in message and ".docx" in message and "\n" not in message


def test_an_explicit_input_format_is_obeyed() -> None:
    source = InputSource(path="paper.rtf", data=RTF, suffix=".rtf")
    document = extract_document(source, input_format="txt")
    assert document.references  # the user asked for text: the words are read as text
