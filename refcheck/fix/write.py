"""Writing a fixed manuscript: atomically, with a backup of the original first.

The new content goes to a temporary file in the same folder, is flushed to disk, and only then
replaces the original (``os.replace``, atomic on one file system); the folder is synced after.
A process killed at any moment leaves the old file or the new one, never a mix (at worst a
stray ``.NAME.*.tmp`` beside it).
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
import time
from pathlib import Path

from refcheck.errors import ConfigError

# Tests set this to a number of seconds to hold the manuscript's write between the flushed
# temporary file and the replace (after the backup is complete), to kill the process there.
PAUSE_BEFORE_REPLACE_ENV = "REFCHECK_TEST_PAUSE_BEFORE_REPLACE"


def backup_path(path: Path) -> Path:
    return path.with_name(f"{path.name}.bak")


def replace_file(path: Path, data: bytes, *, backup: bool) -> Path | None:
    """Write ``data`` over ``path`` atomically; returns the backup's path (None: none kept).

    Raises ``ConfigError`` when the folder cannot be written.
    """
    linked = path.is_symlink()
    shown = path
    path = Path(os.path.realpath(path))  # a symbolic link stays; its target is rewritten
    saved = None
    if backup and path.exists():
        saved = backup_path(path)
        _write(saved, path.read_bytes(), mode=path.stat().st_mode)
    mode = path.stat().st_mode if path.exists() else None
    _write(path, data, mode=mode, pause=os.environ.get(PAUSE_BEFORE_REPLACE_ENV))
    if saved is not None and not linked:
        return shown.with_name(saved.name)  # named as the user named the file
    return saved


def _write(path: Path, data: bytes, *, mode: int | None, pause: str | None = None) -> None:
    folder = path.parent
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise ConfigError(f"cannot write to {folder}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if mode is not None:
            os.chmod(temporary, stat.S_IMODE(mode))
        if pause:
            time.sleep(float(pause))
        os.replace(temporary, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(exc, OSError):
            raise ConfigError(f"cannot write {path}: {exc.strerror or exc}") from None
        raise
    _sync_folder(folder)


def _sync_folder(folder: Path) -> None:
    # The rename is durable only once the folder's entry is on disk (POSIX; not on Windows).
    with contextlib.suppress(OSError, AttributeError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def copy_path(path: Path, suffix: str) -> Path:
    """``paper.docx`` -> ``paper.fixed.docx``: where a corrected copy goes."""
    return path.with_name(f"{path.stem}.fixed{suffix}")


__all__ = ["PAUSE_BEFORE_REPLACE_ENV", "backup_path", "copy_path", "replace_file"]
