"""LaTeX markup -> plain text (pylatexenc), for .tex, .bbl and .bib values."""

from __future__ import annotations

import functools
import re
from typing import Any


@functools.cache
def _converter() -> Any:
    from pylatexenc.latex2text import LatexNodes2Text

    return LatexNodes2Text(math_mode="text", strict_latex_spaces=False)


def latex_to_text(value: str) -> str:
    """``{\\"u}ber \\emph{x} 412--8`` -> ``über x 412–8``, one line, spaces normalised."""
    if "\\" not in value and "{" not in value and "~" not in value and "$" not in value:
        return " ".join(value.replace("--", "–").split())
    try:
        text = str(_converter().latex_to_text(value))
    except Exception:  # pylatexenc gives up on broken markup: keep the words
        text = re.sub(r"\\[a-zA-Z]+\*?|[{}]", " ", value)
    return " ".join(text.split())
