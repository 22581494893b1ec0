"""Handing the body of a manuscript to the citation finder."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, cast

from refcheck.models import Citation

if TYPE_CHECKING:
    from refcheck.extract.text import Line

_Finder = Callable[[Iterable[tuple[int, str]]], tuple[Citation, ...]]


def _load_finder() -> _Finder | None:
    # citations.py is written separately; until it lands, documents carry no citations.
    try:
        module = importlib.import_module("refcheck.extract.citations")
    except ImportError:
        return None
    return cast("_Finder | None", getattr(module, "find_citations", None))


def find_body_citations(body: Sequence[Line]) -> tuple[Citation, ...]:
    """The citations in the body lines, as ``find_citations`` reads them."""
    finder = _load_finder()
    if finder is None:
        return ()
    return tuple(finder((line.number, line.text) for line in body))
