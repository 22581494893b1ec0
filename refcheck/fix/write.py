"""Writing a fixed manuscript: atomically, with a backup of the original first.

Both go through ``refcheck.atomic.write_atomically``: a process killed at any moment leaves
the old file or the new one, never a mix.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from refcheck.atomic import write_atomically
from refcheck.errors import ConfigError
from refcheck.extract.source import TextEncoding

# Tests set this to a number of seconds to hold the manuscript's write between the flushed
# temporary file and the replace (after the backup is complete), to kill the process there.
PAUSE_BEFORE_REPLACE_ENV = "REFCHECK_TEST_PAUSE_BEFORE_REPLACE"


def backup_path(path: Path) -> Path:
    return path.with_name(f"{path.name}.bak")


def replace_file(path: Path, data: bytes, *, original: bytes | None, backup: bool) -> Path | None:
    """Write ``data`` over ``path`` atomically; returns the backup's path (None: none kept).

    ``original`` is what was read and checked: the backup holds it, and a file that no longer
    holds it (edited while the check ran) is not overwritten (``ConfigError``). ``None``:
    ``path`` is a copy (``paper.fixed.docx``), written whatever it held. ``ConfigError`` too
    when the folder cannot be written.
    """
    linked = path.is_symlink()
    shown = path
    path = Path(os.path.realpath(path))  # a symbolic link stays; its target is rewritten
    if original is None:
        write_atomically(path, data)
        return None
    try:
        current: bytes | None = path.read_bytes()
    except OSError:
        current = None
    if current is not None and current != original:
        raise ConfigError(f"{shown} changed while it was being checked; nothing written")
    saved = None
    if backup and current is not None:
        saved = backup_path(path)
        # The backup is as private as the manuscript.
        write_atomically(saved, original, permissions=stat.S_IMODE(path.stat().st_mode))
    pause = os.environ.get(PAUSE_BEFORE_REPLACE_ENV)
    write_atomically(path, data, pause_before_replace=float(pause) if pause else None)
    if saved is not None and not linked:
        return shown.with_name(saved.name)  # named as the user named the file
    return saved


def encode_like(display: str, text: str, encoding: TextEncoding) -> bytes | str:
    """``text`` in the encoding (and byte-order mark) the file was read in, so that what was
    not rewritten keeps its bytes; or, when that encoding cannot hold a corrected character,
    the one-line reason the file is not written."""
    try:
        return encoding.bom + text.encode(encoding.codec)
    except UnicodeEncodeError as exc:
        char = exc.object[exc.start : exc.end][:1]
        return (
            f"{display}: the corrected text has {char!r} (U+{ord(char):04X}), which the file's "
            f"encoding, {encoding.name}, cannot hold; nothing written (save it as UTF-8 first)"
        )


def copy_path(path: Path, suffix: str) -> Path:
    """``paper.docx`` -> ``paper.fixed.docx``: where a corrected copy goes."""
    return path.with_name(f"{path.stem}.fixed{suffix}")


__all__ = ["PAUSE_BEFORE_REPLACE_ENV", "backup_path", "copy_path", "encode_like", "replace_file"]
