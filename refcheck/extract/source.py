"""Reading an input (a file or standard input) into bytes, and bytes into text."""

from __future__ import annotations

import os
import re
import stat
import sys
from dataclasses import dataclass
from pathlib import Path

from refcheck.errors import InputError
from refcheck.limits import MAX_INPUT_BYTES

STDIN_PATH = "-"
STDIN_DISPLAY = "<stdin>"
DEFAULT_MAX_BYTES = MAX_INPUT_BYTES


@dataclass(frozen=True, slots=True)
class InputSource:
    """The raw bytes of one input, with the path to show and the file's suffix.

    ``path`` is ``<stdin>`` for standard input; ``suffix`` is lower-case with its dot
    (``.md``), empty when there is none.
    """

    path: str
    data: bytes
    suffix: str


def read_input(
    path: str, *, max_bytes: int = DEFAULT_MAX_BYTES, data: bytes | None = None
) -> InputSource:
    """Read ``path`` (``-`` for standard input) whole, refusing more than ``max_bytes``.

    ``data``: the file's bytes as the caller already read them (the replay's look-up), so
    that a file is read once; they are taken as ``path``'s."""
    if data is not None and path != STDIN_PATH:
        _check_size(path, len(data), max_bytes)
        return InputSource(path=printable_name(path), data=data, suffix=Path(path).suffix.lower())
    if path == STDIN_PATH:
        if sys.stdin is None:  # started with standard input closed (`refcheck parse - <&-`)
            raise InputError(f"{STDIN_DISPLAY}: standard input is closed")
        try:
            data = sys.stdin.buffer.read(max_bytes + 1)
        except (OSError, ValueError) as exc:
            raise InputError(f"{STDIN_DISPLAY}: cannot read standard input ({exc})") from exc
        _check_size(STDIN_DISPLAY, len(data), max_bytes)
        return InputSource(path=STDIN_DISPLAY, data=data, suffix="")

    if not path:
        raise InputError("an empty file name was given")
    file = Path(path)
    try:
        if not file.exists():
            raise InputError(f"{path}: no such file")
        if file.is_dir():
            raise InputError(f"{path}: is a directory, not a file")
        mode = file.stat().st_mode
        if stat.S_ISFIFO(mode):
            data = _read_pipe(file, max_bytes + 1)
        else:
            # Check the size before reading so a huge file is never loaded into memory.
            _check_size(path, file.stat().st_size, max_bytes)
            with file.open("rb") as handle:
                data = handle.read(max_bytes + 1)
    except PermissionError as exc:
        raise InputError(f"{path}: permission denied") from exc
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    _check_size(path, len(data), max_bytes)
    return InputSource(path=printable_name(path), data=data, suffix=file.suffix.lower())


def printable_name(path: str) -> str:
    """``path`` as valid Unicode: the bytes of a file name that is not UTF-8 (Python keeps
    them as lone surrogates) become U+FFFD, so reports stay valid UTF-8 JSON."""
    try:
        return path.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeEncodeError:  # a lone surrogate that does not stand for a byte
        return path.encode("utf-8", "replace").decode("utf-8")


def _read_pipe(file: Path, limit: int) -> bytes:
    """Read a named pipe (or ``<(command)``) without hanging when no one writes to it.

    A plain ``open`` of a FIFO blocks until a writer opens it, possibly forever. Opened
    non-blocking it returns at once; back in blocking mode a read then waits for a writer's
    data, or sees end-of-file at once when there is no writer (an empty input, exit 2).
    """
    descriptor = os.open(file, os.O_RDONLY | os.O_NONBLOCK)
    os.set_blocking(descriptor, True)
    with os.fdopen(descriptor, "rb") as handle:
        return handle.read(limit)


def _check_size(display: str, size: int, max_bytes: int) -> None:
    if size > max_bytes:
        raise InputError(f"{display}: too large ({_human(size)}; the limit is {_human(max_bytes)})")


def _human(size: int) -> str:
    if size >= 2**20:
        return f"{size / 2**20:.1f} MiB"
    if size >= 2**10:
        return f"{size / 2**10:.1f} KiB"
    return f"{size} bytes"


# Bytes 0x00-0x08, 0x0E-0x1F (except ESC) are never in a text manuscript; form feeds, tabs,
# carriage returns are.
_CONTROL_BYTES = frozenset(range(0x00, 0x09)) | frozenset(range(0x0E, 0x20)) - {0x1B}


# Control characters that carry no text: C0 except tab, line feed, vertical tab, form feed
# and carriage return (line structure), DEL, and C1 (latin-1's reading of stray bytes).
# An escape sequence in a reference would otherwise reach the terminal through the table
# and Markdown reports (colours, cursor moves, a changed window title).
_NON_TEXT_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def strip_control_characters(text: str) -> str:
    """``text`` without the control characters that no manuscript means to hold."""
    return _NON_TEXT_CONTROLS.sub("", text)


@dataclass(frozen=True, slots=True)
class TextEncoding:
    """How a text input is encoded: its byte-order mark and the codec of what follows it
    (``utf-8``, ``utf-16-le``, ``utf-16-be``, ``cp1252`` or ``latin-1``), so that a file can
    be written back as it was."""

    codec: str
    bom: bytes = b""
    name: str = "UTF-8"  # as messages name it


_UTF8 = TextEncoding("utf-8")
_UTF8_BOM = b"\xef\xbb\xbf"


def read_text(display: str, data: bytes) -> tuple[str, TextEncoding, tuple[str, ...]]:
    """``data`` decoded as ``decode_text`` decodes it, control characters kept, with the
    encoding it was read in and the warnings. Raises ``InputError`` as ``decode_text`` does."""
    if not data.strip():
        raise InputError(f"{display}: empty file")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        little = data.startswith(b"\xff\xfe")
        encoding = TextEncoding("utf-16-le" if little else "utf-16-be", data[:2], "UTF-16")
        try:
            return data[2:].decode(encoding.codec), encoding, ()
        except UnicodeDecodeError as exc:
            raise InputError(f"{display}: not valid UTF-16 text") from exc
    sample = data[:65536]
    controls = sum(1 for byte in sample if byte in _CONTROL_BYTES)
    if b"\x00" in sample or controls > max(2, len(sample) // 100):
        raise InputError(f"{display}: binary data, not a text manuscript")
    encoding = _UTF8
    if data.startswith(_UTF8_BOM):
        encoding = TextEncoding("utf-8", _UTF8_BOM)
    try:
        return data[len(encoding.bom) :].decode("utf-8"), encoding, ()
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
        encoding = TextEncoding("cp1252", name="cp1252 (Windows-1252)")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
        encoding = TextEncoding("latin-1", name="latin-1")
    return text, encoding, (f"{display}: not valid UTF-8; decoded as {encoding.name}",)


def decode_text(display: str, data: bytes) -> tuple[str, tuple[str, ...]]:
    """Decode a text manuscript: UTF-8 (with or without BOM), UTF-16 with a BOM, else cp1252
    or latin-1 with a warning. Raises ``InputError`` for empty or binary data."""
    text, _, warnings = read_text(display, data)
    return strip_control_characters(text), warnings
