"""CheckedReference -> Correction: the reference's fields with the record's values where the
check found them wrong (or, with ``complete``, missing), printed in a style.

Only identified references (verified or mismatch) are corrected; any other is left exactly as
it is, with a note saying why. A rendering that would not read back to the same fields with
refcheck's own parser is not offered either: the reference stays as printed.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace

from refcheck.errors import ConfigError
from refcheck.models import (
    CheckedReference,
    FindingField,
    Pages,
    RawReference,
    Reference,
    ReferenceType,
    Severity,
    Status,
)
from refcheck.style import STYLES, Style, reference_from_record, render_reference
from refcheck.validate.style import is_vancouver_layout

# The fields ``fix`` can correct from the record, by the name ``--only`` takes.
FIXABLE_FIELDS: tuple[str, ...] = (
    "authors",
    "title",
    "journal",
    "year",
    "volume",
    "issue",
    "pages",
    "doi",
)
_IDENTIFIED = (Status.VERIFIED, Status.MISMATCH)


@dataclass(frozen=True, slots=True)
class FixOptions:
    style: Style
    only: frozenset[str] | None = None  # fields to correct; None: every fixable field
    complete: bool = False  # also fill DOI, issue, last page and authors the reference lacks


def fix_options(style: str, only: Sequence[str] = (), complete: bool = False) -> FixOptions:
    """FixOptions from the names people give: a style, and the fields to correct as repeated or
    comma-separated ``--only`` values. ``ConfigError`` names the flag at fault."""
    if style not in STYLES:
        raise ConfigError(f"--style: unknown style {style!r} ({', '.join(STYLES)})")
    wanted = {name.strip() for item in only for name in item.split(",") if name.strip()}
    unknown = sorted(wanted - set(FIXABLE_FIELDS))
    if unknown:
        raise ConfigError(f"--only: unknown field {unknown[0]!r} ({', '.join(FIXABLE_FIELDS)})")
    return FixOptions(style=STYLES[style], only=frozenset(wanted) or None, complete=complete)


@dataclass(frozen=True, slots=True)
class Correction:
    """What ``fix`` does with one reference.

    ``text`` is the reference as it should be printed (None: left as is); ``fields`` names the
    fields whose values now come from the record; ``reference`` holds the corrected values;
    ``note`` says why a reference is left as is, or what ``fix`` cannot correct.
    """

    checked: CheckedReference
    text: str | None = None
    fields: tuple[str, ...] = ()
    reference: Reference | None = None
    note: str | None = None

    @property
    def changed(self) -> bool:
        """Whether the reference changes: its text, or (a .bib/.ris entry) some field."""
        if self.checked.parsed.raw.fields is not None:
            return bool(self.fields)
        return self.text is not None and self.text != self.checked.parsed.raw.text


def fields_to_correct(checked: CheckedReference, options: FixOptions) -> tuple[str, ...]:
    """The fields the check found wrong (errors and warnings), plus the style's journal
    abbreviation and, with ``complete``, what the record adds; filtered by ``only``."""
    wanted: set[str] = set()
    for finding in checked.findings:
        name = finding.field.value
        if finding.field is FindingField.STYLE:
            wanted.add("journal")
        elif name in FIXABLE_FIELDS and finding.severity is not Severity.INFO:
            wanted.add(name)
    if options.complete and checked.record is not None:
        wanted.update(_missing_fields(checked.parsed.reference, checked, options.style))
    if options.only is not None:
        wanted &= options.only
    return tuple(name for name in FIXABLE_FIELDS if name in wanted)


def _missing_fields(reference: Reference, checked: CheckedReference, style: Style) -> set[str]:
    record = reference_from_record(checked.record) if checked.record else None
    if record is None:
        return set()
    missing = set()
    if reference.doi is None and record.doi:
        missing.add("doi")
    if reference.issue is None and record.issue:
        missing.add("issue")
    if (
        record.pages is not None
        and record.pages.last
        and (reference.pages is None or not reference.pages.last)
    ):
        missing.add("pages")
    shown = min(len(record.authors), style.max_authors)
    if len(record.authors) > len(reference.authors) and len(reference.authors) < shown:
        missing.add("authors")
    return missing


def _with_record_values(
    reference: Reference, record: Reference, names: Collection[str]
) -> Reference:
    values: dict[str, object] = {}
    for name in names:
        if name == "authors" and (record.authors or record.collective):
            values.update(authors=record.authors, collective=record.collective, et_al=False)
        elif name == "pages" and record.pages is not None:
            values["pages"] = record.pages
        elif name == "title" and record.title:
            # Some deposits shout ("PROTEIN MEASUREMENT WITH..."); NLM prints sentence case.
            title = record.title
            values["title"] = title[0] + title[1:].lower() if title.isupper() else title
        elif name not in ("authors", "pages") and getattr(record, name) is not None:
            values[name] = getattr(record, name)
    return replace(reference, **values)  # type: ignore[arg-type]


def _reads_back(text: str, expected: Reference, style: Style) -> bool:
    """Whether ``text`` parses back to ``expected``'s fields (the authors as the style shows
    them): the guard against a rendering that loses or garbles a field."""
    from refcheck.parse import parse_reference

    got = parse_reference(RawReference(None, text, None)).reference
    shown = expected.authors
    if len(shown) > style.max_authors:
        shown = shown[: style.authors_before_et_al]
    pages = expected.pages
    if pages is not None and pages.last == pages.first:
        pages = Pages(pages.first, None)
    title_ok = expected.title is None or got.title == expected.title.rstrip(".")
    return (
        title_ok
        and [(a.family, a.given) for a in got.authors] == [(a.family, a.given) for a in shown]
        and got.year == expected.year
        and got.volume == expected.volume
        and got.issue == expected.issue
        and (got.pages or None) == pages
        and (got.doi or "").lower() == (expected.doi or "").lower()
    )


def correct_reference(checked: CheckedReference, options: FixOptions) -> Correction:
    """The correction of one checked reference (see the module's docstring)."""
    if checked.status not in _IDENTIFIED or checked.record is None:
        return Correction(checked, note=f"{checked.status.value}: left as is")
    names = fields_to_correct(checked, options)
    reference = checked.parsed.reference
    record = reference_from_record(checked.record)
    corrected = _with_record_values(reference, record, names)
    unfixable = _unfixable_note(checked)
    if checked.parsed.raw.fields is not None:
        # A .bib or .ris entry: its fields are corrected one by one, whatever its type; the
        # rendered text only serves the printed list of a format that is not rewritten.
        text = _rendered(corrected, options.style)
        return Correction(checked, text=text, fields=names, reference=corrected, note=unfixable)
    if ReferenceType.JOURNAL_ARTICLE not in (reference.type, record.type):
        return Correction(
            checked, note=f"a {reference.type.value}, not a journal article: left as is"
        )
    if not is_vancouver_layout(checked.parsed.raw.text):
        kept = _in_house_style(checked, options, reference, corrected)
        if kept is not None:
            return kept
    text = _rendered(corrected, options.style)
    if text is None:
        return Correction(
            checked,
            note="no corrected form that reads back the same (or no title, journal or year): "
            "left as is",
        )
    dropped = dropped_words(checked.parsed.raw.text, text, reference, names)
    if dropped:
        shown = " ".join(dropped[:5])
        return Correction(
            checked, note=f"its corrected form would drop what it prints ({shown}): left as is"
        )
    return Correction(checked, text=text, fields=names, reference=corrected, note=unfixable)


_WORD = re.compile(r"[^\W_]+")
# Words a rendering may drop or respell without losing anything the reference said.
_FREE_WORDS = frozenset(
    {"doi", "org", "https", "http", "dx", "www", "et", "al", "and", "pp", "p", "vol", "no"}
)


def _words(text: str | None) -> set[str]:
    return {w.casefold() for w in _WORD.findall(text or "")}


def dropped_words(original: str, new: str, printed: Reference, names: Collection[str]) -> list[str]:
    """Words of ``original`` missing from ``new`` that no field explains: text the parse did
    not hold (a particle it left out, a note), which a rendering would silently lose. The
    printed authors, journal and pages may be respelt (abbreviated, shortened), and the values
    of the corrected fields replaced."""
    allowed = set(_FREE_WORDS)
    for author in printed.authors:
        allowed |= _words(f"{author.family} {author.given or ''} {author.suffix or ''}")
    allowed |= _words(printed.collective) | _words(printed.journal)
    if printed.pages is not None:
        last = printed.pages.last or ""
        # The last page as printed may be shortened ("457-81" for 457-481).
        allowed |= _words(printed.pages.first) | {last[i:].casefold() for i in range(len(last))}
    for name in names:
        if name not in ("authors", "pages"):
            allowed |= _words(str(getattr(printed, name) or ""))
    kept = _words(new)
    missing = []
    for word in _WORD.findall(original):
        folded = word.casefold()
        if folded not in kept and folded not in allowed and folded not in missing:
            missing.append(folded)
    return missing


def _in_house_style(
    checked: CheckedReference, options: FixOptions, reference: Reference, corrected: Reference
) -> Correction | None:
    """A reference set in another house style (APA, Harvard...) keeps its layout: nothing
    changes when nothing is wrong, and wrong numbers and DOIs are replaced where printed (a DOI
    it lacks, with ``--complete``, is added at its end). None when that cannot be done: the
    caller prints it in the chosen style instead."""
    from refcheck.fix.substitute import substitute_values

    raw = checked.parsed.raw
    wrong = fields_to_correct(checked, replace(options, complete=False))
    text: str | None = raw.text
    if wrong:
        text = substitute_values(raw, reference, corrected, wrong)
        if text is None or not _values_read_back(text, corrected, wrong):
            return None
    names = wrong
    wants_doi = options.only is None or "doi" in options.only
    if options.complete and wants_doi and reference.doi is None and corrected.doi is not None:
        text = f"{text} https://doi.org/{corrected.doi}"
        names = (*wrong, "doi")
    return Correction(
        checked, text=text, fields=names, reference=corrected, note=_unfixable_note(checked)
    )


def _values_read_back(text: str, expected: Reference, names: Collection[str]) -> bool:
    from refcheck.parse import parse_reference

    got = parse_reference(RawReference(None, text, None)).reference
    for name in names:
        if name == "pages":
            same = (got.pages.first if got.pages else None) == (
                expected.pages.first if expected.pages else None
            )
        elif name == "doi":
            same = (got.doi or "").lower() == (expected.doi or "").lower()
        else:
            same = getattr(got, name) == getattr(expected, name)
        if not same:
            return False
    return True


def _rendered(reference: Reference, style: Style) -> str | None:
    """``reference`` as a journal article in ``style``; None when it cannot be printed so, or
    would not read back to the same fields."""
    reference = replace(reference, type=ReferenceType.JOURNAL_ARTICLE)
    text = render_reference(reference, style)
    if text is None:
        return None
    text = _with_identifiers(text, reference)
    return text if _reads_back(text, reference, style) else None


def _with_identifiers(text: str, reference: Reference) -> str:
    """PMID and PMCID the reference printed are kept after the rendering (NLM's order)."""
    if reference.pmid:
        text += f" PMID: {reference.pmid}."
    if reference.pmcid:
        text += f" PMCID: {reference.pmcid}."
    return text


def _unfixable_note(checked: CheckedReference) -> str | None:
    """Errors a rewrite cannot remove (a retracted work) are named, for the author to act."""
    kept = sorted(
        {
            f.code
            for f in checked.findings
            if f.severity is Severity.ERROR and f.field.value not in FIXABLE_FIELDS
        }
    )
    if not kept:
        return None
    return f"{', '.join(kept)} cannot be corrected by rewriting; see the check's findings"
