"""A unified diff of a manuscript before and after ``fix``, coloured on request."""

from __future__ import annotations

import difflib

_RED, _GREEN, _CYAN, _BOLD, _RESET = "\x1b[31m", "\x1b[32m", "\x1b[36m", "\x1b[1m", "\x1b[0m"


def unified_diff(before: str, after: str, path: str, *, color: bool = False) -> str:
    """``diff -u`` of two texts, labelled ``a/PATH`` and ``b/PATH`` (as git does; an absolute
    path as it is); empty when equal."""
    lines = list(
        difflib.unified_diff(
            before.splitlines(keepends=True),
            after.splitlines(keepends=True),
            fromfile=path if path.startswith("/") else f"a/{path}",
            tofile=path if path.startswith("/") else f"b/{path}",
        )
    )
    out = []
    for line in lines:
        if not line.endswith(("\n", "\r")):
            line += "\n\\ No newline at end of file\n"
        if color:
            line = _colored(line)
        out.append(line)
    return "".join(out)


def _colored(line: str) -> str:
    body = line.rstrip("\r\n")
    ending = line[len(body) :]
    if line.startswith(("+++", "---")):
        return f"{_BOLD}{body}{_RESET}{ending}"
    if line.startswith("@@"):
        return f"{_CYAN}{body}{_RESET}{ending}"
    if line.startswith("+"):
        return f"{_GREEN}{body}{_RESET}{ending}"
    if line.startswith("-"):
        return f"{_RED}{body}{_RESET}{ending}"
    return line
