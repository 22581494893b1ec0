"""A BibTeX field value as BibTeX reads it: ``@string`` macros and ``#`` concatenation expanded.

A value is one or more parts joined by ``#``: a ``{...}`` or ``"..."`` part stands for its
text, a number for itself (as does any bare word that starts with a digit, such as ``2020a``,
which BibTeX would reject), and a name for the ``@string`` macro of that name (case aside);
``jan`` .. ``dec`` are predefined, as every standard BibTeX style defines them. Both the
reader (``extract.bibtex``) and ``fix``'s field editor (``fix.bib_edit``) expand values here,
from the raw text of the value and of the file's ``@string`` definitions, so that ``check``
and ``fix`` read a field alike: ``journal = jbc`` with ``@string{jbc = "J Biol Chem"}`` says
``J Biol Chem`` to both.

The text ``#`` joins make is bounded (``JoinBudget``): @strings that each join the one before
to itself double their text, and 30 of them would ask for 16 GiB from a file of 1 KiB.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from refcheck.errors import InputError
from refcheck.limits import MAX_TEXT_CHARS

NAME = re.compile(r"[^\s=,{}()\"#]+")

MONTHS: Mapping[str, str] = {
    "jan": "January",
    "feb": "February",
    "mar": "March",
    "apr": "April",
    "may": "May",
    "jun": "June",
    "jul": "July",
    "aug": "August",
    "sep": "September",
    "oct": "October",
    "nov": "November",
    "dec": "December",
}


def month_macro(text: str) -> str | None:
    """The predefined macro for a month written as the macro's name or its full name
    (``nov``, ``November``): ``nov``. Another form (``Nov``, ``Nov.``) is the user's text."""
    key = text.strip()
    if key in MONTHS:
        return key
    return next((m for m, name in MONTHS.items() if key.lower() == name.lower()), None)


class JoinBudget:
    """The characters the ``#`` joins of one file may make together: as many as a text input
    may hold (``MAX_TEXT_CHARS``); beyond them the file is refused (``InputError``). A value
    of one part costs nothing: it is the file's own text, or a macro's text shared."""

    __slots__ = ("display", "left")

    def __init__(self, display: str, chars: int = MAX_TEXT_CHARS) -> None:
        self.display = display
        self.left = chars

    def spend(self, chars: int) -> None:
        if chars > self.left:
            raise InputError(
                f"{self.display}: its @string macros and # joins make more than "
                f"{MAX_TEXT_CHARS:,} characters of text (the limit of a text input)"
            )
        self.left -= chars


@dataclass(frozen=True, slots=True)
class Expansion:
    """What a value says. ``text`` is None when a macro it uses is defined nowhere (``undefined``
    names them); ``macros`` names the macros it uses, as written; ``plain`` is true for a value
    written as one literal (``{...}``, ``"..."`` or a number): no macro, no ``#``."""

    text: str | None
    macros: tuple[str, ...] = ()
    undefined: tuple[str, ...] = ()
    plain: bool = True


def skip_space(text: str, index: int) -> int:
    while index < len(text) and text[index].isspace():
        index += 1
    return index


# Below this length a text is scanned character by character; a longer one (a whole .bib
# file, read by fix's scanner, which goes on after a value that never ends) is indexed once.
_INDEXED_LENGTH = 10_000


@dataclass(frozen=True, slots=True)
class _Nesting:
    """A long text's brackets and double quotes, read once (escapes skipped as the scans skip
    them): where a bracket or quote closes is then a bisection, not a read to the end of the
    file, which made a file of unterminated values quadratic (5,000 of them: 20 s)."""

    positions: array[int]  # each bracket and quote, in order
    depths: array[int]  # the depth of brackets just before it
    closers: dict[int, array[int]]  # depth after a closer -> the closers' positions
    quotes: dict[int, array[int]]  # depth at a quote -> the quotes' positions


@lru_cache(maxsize=2)
def _nesting(text: str, opener: str, closer: str) -> _Nesting:
    positions, depths = array("q"), array("q")
    closers: dict[int, array[int]] = {}
    quotes: dict[int, array[int]] = {}
    depth = 0
    tokens = re.compile(r"\\[\s\S]|[" + re.escape(opener + closer) + '"]')
    for match in tokens.finditer(text):
        char, at = match.group(0), match.start()
        if char[0] == "\\":
            continue
        positions.append(at)
        depths.append(depth)
        if char == opener:
            depth += 1
        elif char == closer:
            depth -= 1
            closers.setdefault(depth, array("q")).append(at)
        else:
            quotes.setdefault(depth, array("q")).append(at)
    return _Nesting(positions, depths, closers, quotes)


def _indexed(text: str, index: int, opener: str, closer: str) -> tuple[_Nesting, int] | None:
    """The nesting of a long text and the depth before ``index``, when the index has it."""
    if len(text) < _INDEXED_LENGTH:
        return None
    nesting = _nesting(text, opener, closer)
    at = bisect_left(nesting.positions, index)
    if at < len(nesting.positions) and nesting.positions[at] == index:
        return nesting, nesting.depths[at]
    return None  # the character is escaped when the text is read from its start


def _first_after(positions: array[int] | None, index: int) -> int | None:
    if positions is None:
        return None
    at = bisect_right(positions, index)
    return positions[at] if at < len(positions) else None


def balanced_end(text: str, index: int, opener: str, closer: str) -> int | None:
    """Index just after the ``closer`` matching ``text[index] == opener``; None when it is
    never closed. A backslash escapes the next character."""
    indexed = _indexed(text, index, opener, closer) if text[index : index + 1] == opener else None
    if indexed is not None:
        nesting, depth = indexed
        # The first closer that brings the depth back to what it was before the opener.
        end = _first_after(nesting.closers.get(depth), index)
        return None if end is None else end + 1
    depth = 0
    while index < len(text):
        char = text[index]
        if char == "\\":
            index += 2
            continue
        if char == opener:
            depth += 1
        elif char == closer:
            depth -= 1
            if depth == 0:
                return index + 1
        index += 1
    return None


def skip_balanced(text: str, index: int, opener: str, closer: str) -> int:
    """Index just after the ``closer`` matching ``text[index] == opener``."""
    end = balanced_end(text, index, opener, closer)
    if end is None:
        raise ValueError("unbalanced")
    return end


def _skip_quoted(text: str, index: int) -> int:
    indexed = _indexed(text, index, "{", "}")
    if indexed is not None:
        nesting, depth = indexed
        # The first quote at the depth of braces of the opening one.
        end = _first_after(nesting.quotes.get(depth), index)
        if end is None:
            raise ValueError("unterminated string")
        return end + 1
    depth = 0
    index += 1
    while index < len(text):
        char = text[index]
        if char == "\\":
            index += 2
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif char == '"' and depth == 0:
            return index + 1
        index += 1
    raise ValueError("unterminated string")


def value_parts(text: str, index: int) -> tuple[list[tuple[int, int]], int]:
    """The spans of the ``#``-joined parts of the value starting at ``index``, and its end.
    Raises ValueError when there is no value there."""
    parts: list[tuple[int, int]] = []
    while True:
        index = skip_space(text, index)
        if index >= len(text):
            raise ValueError("no value")
        start, char = index, text[index]
        if char == "{":
            index = skip_balanced(text, index, "{", "}")
        elif char == '"':
            index = _skip_quoted(text, index)
        else:
            match = NAME.match(text, index)
            if not match:
                raise ValueError("no value")
            index = match.end()
        parts.append((start, index))
        after = skip_space(text, index)
        if after < len(text) and text[after] == "#":
            index = after + 1
            continue
        return parts, index


def expand_value(
    raw: str, strings: Mapping[str, str], budget: JoinBudget | None = None
) -> Expansion:
    """What the value written as ``raw`` says, ``strings`` being ``string_table``'s macros.
    A value that is not BibTeX syntax is taken as written. A join is paid from ``budget``
    (the file's; by default one for this value alone)."""
    try:
        parts, end = value_parts(raw, 0)
    except ValueError:
        return Expansion(raw.strip())
    if raw[end:].strip():
        return Expansion(raw.strip())
    texts: list[str] = []
    macros: list[str] = []
    undefined: list[str] = []
    for start, stop in parts:
        part = raw[start:stop]
        if part[0] in '{"':
            texts.append(part[1:-1])
        elif part[0].isdigit():
            texts.append(part)  # a number; no macro name starts with a digit ("2020a" as written)
        else:
            macros.append(part)
            value = strings.get(part.lower(), MONTHS.get(part.lower()))
            if value is None:
                undefined.append(part)
            else:
                texts.append(value)
    plain = len(parts) == 1 and not macros
    if undefined:
        return Expansion(None, tuple(macros), tuple(undefined), plain)
    if len(texts) > 1:
        (budget or JoinBudget("a BibTeX value")).spend(sum(map(len, texts)))
    return Expansion("".join(texts), tuple(macros), (), plain)


def string_table(
    definitions: Iterable[tuple[str, str]], budget: JoinBudget | None = None
) -> dict[str, str]:
    """The macros of a file's ``@string`` definitions, ``(name, raw value)`` in file order,
    by lower-case name: each value expanded with the macros defined before it. The first
    definition of a name counts (the reader skips a repeated key, as bibtexparser does).
    Their joins are paid from ``budget`` (the file's; by default one for them alone)."""
    budget = budget or JoinBudget("the @string definitions")
    table: dict[str, str] = {}
    for name, raw in definitions:
        key = name.strip().lower()
        if key in table:
            continue
        expansion = expand_value(raw, table, budget)
        if expansion.text is not None:
            table[key] = expansion.text
    return table
