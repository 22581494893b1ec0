"""Plain text and Markdown: put corrected reference texts back where the references were.

Only a reference's own text changes: its number or bullet, the lines around it and the file's
line endings stay. A reference is found again by its start line: the span from a word start on
that line to the end of one of the next lines that reads (as the extractor reads it) exactly
as the reference did. When no span reads so (a line the extractor dropped inside it, a page
number, a running head), the reference is left as it is. A wrapped reference is wrapped again
to its widest line, continuation lines indented as its second line was.
"""

from __future__ import annotations

import bisect
import re
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from refcheck.extract.text import clean_reference_text, join_lines
from refcheck.models import RawReference

_WORD_START = re.compile(r"(?:^|(?<=[\s>*_\]).:]))\S")
_MAX_LINES = 60  # no reference is longer; bounds the search


@dataclass(frozen=True, slots=True)
class Span:
    """Where a reference's text is: 0-based first and last line, column on the first line."""

    first: int
    last: int
    column: int


def locate_reference(
    lines: Sequence[str], raw: RawReference, *, markdown: bool, stop: int | None = None
) -> Span | None:
    """The span of ``raw`` in ``lines`` (without line ends), or None when not found.

    ``stop`` is the 0-based line where the next reference starts (the span ends before it).
    """
    if raw.line is None or not 1 <= raw.line <= len(lines):
        return None
    first = raw.line - 1
    end = min(len(lines), stop if stop is not None else len(lines), first + _MAX_LINES)
    target = raw.text
    squashed_target = "".join(target.split())
    for match in _WORD_START.finditer(lines[first]):
        column = match.start()
        parts = [lines[first][column:]]
        for last in range(first, max(end, first + 1)):
            if last > first:
                if not lines[last].strip():
                    break
                parts.append(lines[last])
            text = clean_reference_text(join_lines(parts), markdown)
            if text == target:
                return Span(first, last, column)
            if len("".join(text.split())) > len(squashed_target):
                break
    return None


def _rewrap(prefix: str, text: str, original: Sequence[str]) -> list[str]:
    if len(original) == 1:
        return [prefix + text]
    width = max(len(line.rstrip()) for line in original)
    indent = original[1][: len(original[1]) - len(original[1].lstrip())]
    wrapper = textwrap.TextWrapper(
        width=max(width, 40),
        initial_indent=prefix,
        subsequent_indent=indent,
        break_long_words=False,
        break_on_hyphens=False,
    )
    return wrapper.wrap(text) or [prefix + text]


@dataclass(frozen=True, slots=True)
class TextEdit:
    """The rewritten text and the references that could not be found in it (by index)."""

    text: str
    not_found: tuple[int, ...]


def rewrite_text(
    text: str,
    references: Sequence[RawReference],
    replacements: Mapping[int, str],
    *,
    markdown: bool,
) -> TextEdit:
    """``text`` with reference ``i`` (index in ``references``) replaced by
    ``replacements[i]``; everything else byte for byte as it was."""
    ends = re.findall(r"\r\n|\r|\n", text)
    newline = max(set(ends), key=ends.count) if ends else "\n"
    # Split keeping every line's own ending, so untouched lines keep theirs.
    pieces = re.split(r"(\r\n|\r|\n)", text)
    lines = pieces[0::2]
    endings = [*pieces[1::2], ""]
    starts = sorted({r.line - 1 for r in references if r.line is not None})
    spans: dict[int, Span] = {}
    not_found: list[int] = []
    searchable = [line.replace("\f", "") for line in lines]  # unchanged until the rewrite
    for index, new_text in replacements.items():
        raw = references[index]
        following = bisect.bisect_right(starts, raw.line - 1) if raw.line is not None else None
        span = locate_reference(
            searchable,
            raw,
            markdown=markdown,
            stop=starts[following] if following is not None and following < len(starts) else None,
        )
        if span is None:
            not_found.append(index)
        elif new_text != raw.text:
            spans[index] = span
    # From the bottom up, so earlier line numbers stay valid.
    for index in sorted(spans, key=lambda i: spans[i].first, reverse=True):
        span = spans[index]
        original = lines[span.first : span.last + 1]
        prefix = lines[span.first][: span.column]
        new_lines = _rewrap(prefix, replacements[index], original)
        tail_ending = endings[span.last]
        new_endings = [newline] * (len(new_lines) - 1) + [tail_ending]
        lines[span.first : span.last + 1] = new_lines
        endings[span.first : span.last + 1] = new_endings
    return TextEdit(
        text="".join(line + ending for line, ending in zip(lines, endings, strict=True)),
        not_found=tuple(sorted(not_found)),
    )
