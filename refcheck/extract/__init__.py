"""extract stage: a manuscript (txt, md, docx, tex/bbl, pdf, bib, ris) -> ``Document``.

``read_input`` reads a file or standard input; ``extract_document`` finds the reference list
in it. Both raise only ``InputError`` for inputs they cannot read.
"""

from __future__ import annotations

from refcheck.errors import InputError
from refcheck.extract.source import InputSource, decode_text, read_input
from refcheck.extract.text import extract_text_document
from refcheck.limits import check_reference_count, check_text_size
from refcheck.models import Document

__all__ = [
    "INPUT_FORMATS",
    "InputSource",
    "canonical_format",
    "detect_format",
    "extract_document",
    "format_of",
    "read_input",
]

INPUT_FORMATS: tuple[str, ...] = ("txt", "md", "docx", "tex", "pdf", "bib", "ris")
# Other names people give a format (``--input-format bibtex``), and the one refcheck uses.
_FORMAT_ALIASES = {
    "markdown": "md",
    "bbl": "tex",
    "latex": "tex",
    "bibtex": "bib",
    "text": "txt",
}


def canonical_format(name: str) -> str:
    """``name`` as one of ``INPUT_FORMATS`` (``.BibTeX`` -> ``bib``); unknown names as given,
    lower-cased, for the caller to refuse."""
    kind = name.strip().lower().lstrip(".")
    # A suffix refcheck reads by names its format too ("Rmd", ".qmd").
    return _FORMAT_ALIASES.get(kind) or _FORMAT_BY_SUFFIX.get(f".{kind}", kind)


_FORMAT_BY_SUFFIX = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "md",
    ".markdown": "md",
    ".rmd": "md",
    ".qmd": "md",
    ".docx": "docx",
    ".tex": "tex",
    ".latex": "tex",
    ".bbl": "tex",
    ".pdf": "pdf",
    ".bib": "bib",
    ".bibtex": "bib",
    ".ris": "ris",
}


# Formats refcheck does not read, by suffix and by signature, with what to convert them to.
_UNSUPPORTED_BY_SUFFIX = {
    ".rtf": "an RTF document",
    ".doc": "a Word 97-2003 document (.doc)",
    ".odt": "an OpenDocument text (.odt)",
    ".pages": "an Apple Pages document",
    ".wpd": "a WordPerfect document",
}
_OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc (and other Office 97 files)
_CONVERT_TO = "save it as .docx, PDF or plain text (.txt) and check that"


def unsupported_kind(source: InputSource) -> str | None:
    """What a file refcheck cannot read is (RTF, .doc, .odt, ...), or None."""
    head = source.data[:128]
    if head.lstrip().startswith(b"{\\rtf"):
        return _UNSUPPORTED_BY_SUFFIX[".rtf"]
    if head.startswith(_OLE2_SIGNATURE):
        return _UNSUPPORTED_BY_SUFFIX[".doc"]
    if head.startswith(b"PK\x03\x04") and b"mimetypeapplication/vnd.oasis.opendocument" in head:
        return "an OpenDocument file"
    return _UNSUPPORTED_BY_SUFFIX.get(source.suffix)


def detect_format(source: InputSource) -> str:
    """The input's format from its suffix; from its first bytes when the suffix says nothing
    (standard input, ``.dat``)."""
    known = _FORMAT_BY_SUFFIX.get(source.suffix)
    if known is not None:
        return known
    head = source.data[:4096].lstrip()
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "docx"
    text = head.decode("utf-8", errors="replace")
    if text.startswith("TY  -"):
        return "ris"
    if text.startswith("@") and "{" in text.split("\n", 1)[0]:
        return "bib"
    if "\\begin{thebibliography}" in text or "\\documentclass" in text or "\\bibitem" in text:
        return "tex"
    return "txt"


_FORMAT_NAMES = {
    "txt": "plain text",
    "md": "Markdown or plain text",
    "docx": "a Word document",
    "tex": "LaTeX",
    "pdf": "a PDF",
    "bib": "BibTeX",
    "ris": "RIS",
}


def _format_hint(source: InputSource, fmt: str) -> str | None:
    """What a refused input seems to be instead (a ``.docx`` that is text, a ``.pdf`` that is
    an error page a download saved), or None when it seems to be nothing readable."""
    head = source.data[:4096]
    unsupported = unsupported_kind(InputSource(path=source.path, data=source.data, suffix=""))
    if unsupported is not None:
        return f"it is {unsupported}: {_CONVERT_TO}"
    sniffed = detect_format(InputSource(path=source.path, data=source.data, suffix=""))
    if sniffed in ("docx", "pdf") and sniffed != fmt:  # binary formats with a signature
        return f"it looks like {_FORMAT_NAMES[sniffed]}: try --input-format {sniffed}"
    if not head.strip() or b"\x00" in head:
        return None
    text = head.lstrip().lower()
    if text.startswith((b"<!doctype html", b"<html")) or b"<html" in text[:512]:
        return "it is an HTML page (a download that went wrong?)"
    if sniffed == fmt:
        return None
    if sniffed == "txt":
        try:
            head.decode("utf-8")
        except UnicodeDecodeError:
            return None
    return f"it looks like {_FORMAT_NAMES[sniffed]}: try --input-format {sniffed}"


def format_of(source: InputSource, input_format: str | None = None) -> str:
    """The format ``source`` is read as: ``input_format`` when given, else by its suffix or
    first bytes (``detect_format``)."""
    return canonical_format(input_format) if input_format is not None else detect_format(source)


def extract_document(source: InputSource, input_format: str | None = None) -> Document:
    """The references (and, with a body, the citations) in ``source``.

    ``input_format`` (one of ``INPUT_FORMATS``) overrides the format told by the suffix.
    Raises ``InputError`` with a one-line reason for empty, binary, corrupt or hostile input.
    """
    if input_format is None and (kind := unsupported_kind(source)) is not None:
        raise InputError(f"{source.path}: {kind} is not a format refcheck reads: {_CONVERT_TO}")
    fmt = format_of(source, input_format)
    if fmt not in INPUT_FORMATS:
        raise InputError(
            f"{source.path}: unknown input format {fmt!r} (known: {', '.join(INPUT_FORMATS)})"
        )
    try:
        document = _extract(source, fmt)
        check_reference_count(source.path, len(document.references))
        return document
    except InputError as exc:
        hint = _format_hint(source, fmt)
        if hint:
            raise InputError(f"{exc}; {hint}") from exc
        raise
    except (RecursionError, MemoryError) as exc:
        raise InputError(f"{source.path}: cannot read as {fmt} ({type(exc).__name__})") from exc
    except Exception as exc:  # a third-party reader's failure stops at this boundary
        raise InputError(f"{source.path}: cannot read as {fmt}: {_one_line(exc)}") from exc


def _extract(source: InputSource, fmt: str) -> Document:
    if fmt in ("txt", "md"):
        text, warnings = decode_text(source.path, source.data)
        check_text_size(source.path, len(text), text.count("\n"))
        return extract_text_document(source.path, text, markdown=fmt == "md", warnings=warnings)
    if fmt == "docx":
        from refcheck.extract.docx import extract_docx

        return extract_docx(source)
    if fmt == "pdf":
        from refcheck.extract.pdf import extract_pdf

        return extract_pdf(source)
    if fmt == "tex":
        from refcheck.extract.latex import extract_latex

        # Bytes: at least the characters.
        check_text_size(source.path, len(source.data), source.data.count(b"\n"))

        return extract_latex(source)
    if fmt == "bib":
        from refcheck.extract.bibtex import extract_bibtex

        return extract_bibtex(source)
    from refcheck.extract.ris import extract_ris

    return extract_ris(source)


def _one_line(exc: BaseException) -> str:
    message = " ".join(str(exc).split()) or type(exc).__name__
    return message[:200]
