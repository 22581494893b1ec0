"""One checked manuscript -> its fixed form: the new bytes, the text to diff, and notes.

Plain text and Markdown are rewritten in place; a ``.bib`` field by field; a ``.docx`` becomes
a corrected copy; any other format (LaTeX, PDF, RIS) gets its corrected list printed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from refcheck.errors import InputError
from refcheck.extract.source import STDIN_DISPLAY, InputSource, read_text
from refcheck.fix.correct import Correction, FixOptions, correct_reference
from refcheck.fix.write import copy_path, encode_like, replace_file
from refcheck.models import FileReport, RawReference, Reference, Report, Status

FixKind = Literal["text", "bib", "docx", "list"]


@dataclass(frozen=True, slots=True)
class FixedFile:
    """``before``/``after`` are what a diff shows; ``data`` is what ``--write`` writes to
    ``target`` (None: nothing to write there); ``refused`` says why ``after`` cannot be
    written (a corrected character the file's encoding cannot hold)."""

    path: str
    kind: FixKind
    before: str
    after: str
    data: bytes | None
    target: Path | None
    corrections: tuple[Correction, ...]
    notes: tuple[str, ...]
    refused: str | None = None

    @property
    def changed(self) -> bool:
        return self.before != self.after

    @property
    def rewrites(self) -> bool:
        """Whether ``--write`` has new bytes for ``target``."""
        return self.data is not None and self.target is not None and self.changed

    @property
    def failed_lookups(self) -> int:
        return sum(c.checked.status is Status.FAILED for c in self.corrections)


def reference_label(raw: RawReference) -> str:
    if raw.number is not None:
        return f"reference {raw.number}"
    if raw.key:
        return f"entry {raw.key}"
    return f"reference at line {raw.line}" if raw.line is not None else "a reference"


def fix_files(
    sources: Sequence[tuple[InputSource, str]], report: Report, options: FixOptions
) -> list[FixedFile]:
    """The fixed form of each ``(source, format)``, from its file in ``report``."""
    return [
        fix_file(source, fmt, file_report, options)
        for (source, fmt), file_report in zip(sources, report.files, strict=True)
    ]


def first_refusal(fixed_files: Sequence[FixedFile]) -> str | None:
    """Why the first file that cannot be written cannot be (``--write`` then writes none)."""
    return next((f.refused for f in fixed_files if f.refused is not None), None)


def save_fixed(fixed: FixedFile, original: bytes, *, backup: bool) -> Path | None:
    """``--write``: the fixed bytes over the manuscript read as ``original`` (kept in a backup
    unless ``backup`` is false), or a .docx's corrected copy. Returns the backup's path."""
    assert fixed.data is not None and fixed.target is not None, "nothing to write"
    in_place = fixed.kind != "docx"  # a .docx gets a corrected copy
    return replace_file(
        fixed.target,
        fixed.data,
        original=original if in_place else None,
        backup=backup and in_place,
    )


def fix_file(source: InputSource, fmt: str, report: FileReport, options: FixOptions) -> FixedFile:
    """The fixed form of one manuscript (see the module's docstring)."""
    corrections = tuple(correct_reference(ref, options) for ref in report.references)
    notes = [
        f"{report.path}: {reference_label(c.checked.parsed.raw)}: {c.note}"
        for c in corrections
        if c.note
    ]
    target = None if source.path == STDIN_DISPLAY else Path(source.path)
    if fmt in ("txt", "md"):
        fixed = _fix_text(source, fmt, corrections, notes)
        if fixed is not None:
            before, after, encoded = fixed
            data, refused = (None, encoded) if isinstance(encoded, str) else (encoded, None)
            return FixedFile(
                report.path,
                "text",
                before,
                after,
                data,
                target,
                corrections,
                tuple(notes),
                refused,
            )
    elif fmt == "bib":
        from refcheck.fix.bib_edit import fix_bibtex

        bib = fix_bibtex(source, corrections)
        notes += [f"{report.path}: {note}" for note in bib.notes]
        return FixedFile(
            report.path,
            "bib",
            bib.before,
            bib.after,
            bib.data,
            target,
            corrections,
            tuple(notes),
            bib.refused,
        )
    elif fmt == "docx":
        from refcheck.fix.docx_edit import fix_docx

        docx = fix_docx(source, corrections)
        notes += [f"{report.path}: {note}" for note in docx.notes]
        copy = copy_path(target, ".docx") if target is not None else None
        return FixedFile(
            report.path,
            "docx",
            docx.before,
            docx.after,
            docx.data,
            copy,
            corrections,
            tuple(notes),
        )
    before, after = corrected_list(corrections)
    return FixedFile(report.path, "list", before, after, None, None, corrections, tuple(notes))


def corrected_list(corrections: Sequence[Correction]) -> tuple[str, str]:
    """The reference list as read and as corrected, one reference per line."""
    before: list[str] = []
    after: list[str] = []
    for correction in corrections:
        raw = correction.checked.parsed.raw
        marker = f"{raw.number}. " if raw.number is not None else ""
        before.append(f"{marker}{raw.text}\n")
        text = correction.text if correction.changed and correction.text else raw.text
        after.append(f"{marker}{text}\n")
    return "".join(before), "".join(after)


def _fix_text(
    source: InputSource, fmt: str, corrections: Sequence[Correction], notes: list[str]
) -> tuple[str, str, bytes | str] | None:
    """The text as read, as rewritten, and the rewritten bytes in the file's own encoding (or
    why they cannot be written); None when the text cannot be read."""
    from refcheck.fix.text_edit import rewrite_text

    try:
        # Read as the check read it; control characters kept, for writing back byte for byte.
        text, encoding, _ = read_text(source.path, source.data)
    except InputError as exc:
        notes.append(f"{exc}; the corrected list is printed instead")
        return None
    references = [c.checked.parsed.raw for c in corrections]
    replacements = {i: c.text for i, c in enumerate(corrections) if c.text is not None}
    edit = rewrite_text(text, references, replacements, markdown=fmt == "md")
    for index in edit.not_found:
        if corrections[index].changed:
            label = reference_label(references[index])
            notes.append(f"{source.path}: {label}: not found as printed in the file; left as is")
    return text, edit.text, encode_like(source.path, edit.text, encoding)


def change_lines(fixed: FixedFile) -> str:
    """``--dry-run``: ``path: reference 1: year 1985 -> 1958``, a line per changed reference."""
    return "".join(
        f"{fixed.path}: {reference_label(c.checked.parsed.raw)}: {summary}\n"
        for c in fixed.corrections
        if (summary := change_summary(c)) is not None
    )


def change_summary(correction: Correction) -> str | None:
    """``year 1985 -> 1958; doi 10.1/a -> 10.1/b``: what a correction changes, field by field."""
    if not correction.changed or correction.reference is None:
        return None
    before = correction.checked.parsed.reference
    after = correction.reference
    parts = []
    for name in correction.fields:
        old, new = _shown(before, name), _shown(after, name)
        if old != new:
            parts.append(f"{name} {old or '(none)'} -> {new or '(none)'}")
    return "; ".join(parts) or "layout in the chosen style"


def _shown(reference: Reference, name: str) -> str:
    if name == "authors":
        people = [f"{a.family} {a.given or ''}".strip() for a in reference.authors[:3]]
        more = len(reference.authors) > 3 or reference.et_al
        return ", ".join(people) + (", ..." if more else "")
    if name == "pages":
        pages = reference.pages
        if pages is None or pages.first is None:
            return ""
        return f"{pages.first}-{pages.last}" if pages.last else pages.first
    value = getattr(reference, name)
    return "" if value is None else str(value)
