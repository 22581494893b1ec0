"""Atomic file writes: the one way refcheck writes a file (reports, BibTeX, fixed manuscripts).

The content goes to a temporary ``.NAME.*.tmp`` in the same folder, is flushed to disk, and
only then replaces the target (``os.replace``, atomic on one file system); the folder is synced
after. A process killed at any moment leaves the old file or the new one, never a mix; a
temporary file left by a killed write is removed by the next write of the same name.
"""

from __future__ import annotations

import contextlib
import glob
import os
import stat
import time
from pathlib import Path

from refcheck.errors import ConfigError

# A write takes milliseconds: a temporary file this old was left by a killed run (SIGKILL,
# power loss), which no ``except`` clause can clean up.
STALE_TEMPORARY_SECONDS = 600.0


def write_atomically(
    path: Path,
    data: bytes,
    *,
    label: str = "",
    permissions: int | None = None,
    pause_before_replace: float | None = None,
) -> None:
    """Replace ``path`` with ``data``; an existing file keeps its permissions (``permissions``
    sets them instead, from the first byte written).

    Raises ``ConfigError`` (``label`` before the reason) when the folder cannot be written.
    ``pause_before_replace`` holds the finished temporary file that long (tests kill there).
    """
    prefix = f"{label}: " if label else ""
    try:
        mode: int | None = path.stat().st_mode
    except OSError:
        mode = None
    folder = path.parent if str(path.parent) else Path(".")
    import tempfile  # only when a file is written (it imports random, hashlib)

    remove_stale_temporaries(folder, path.name)
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise ConfigError(f"{prefix}cannot write to {folder}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if permissions is not None:
            os.chmod(temporary, permissions)
        elif mode is not None and stat.S_ISREG(mode):
            # Replacing a file keeps its permissions (a private manuscript stays private).
            os.chmod(temporary, stat.S_IMODE(mode))
        else:
            # mkstemp makes the file private (0600); a new file is an ordinary file.
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temporary, 0o666 & ~umask)
        if pause_before_replace:
            time.sleep(pause_before_replace)
        os.replace(temporary, path)
    except BaseException as exc:
        # Whatever stopped the write (a full disk, Ctrl-C), the old file stays as it was and
        # no temporary file is left behind.
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(exc, OSError):
            raise ConfigError(f"{prefix}cannot write {path}: {exc.strerror or exc}") from None
        raise
    _sync_folder(folder)


def remove_stale_temporaries(folder: Path, name: str) -> None:
    """Delete ``.NAME.*.tmp`` files that an earlier, killed write of ``name`` left behind."""
    now = time.time()
    with contextlib.suppress(OSError):
        for leftover in folder.glob(f".{glob.escape(name)}.*.tmp"):
            with contextlib.suppress(OSError):
                if leftover.is_file() and now - leftover.lstat().st_mtime > STALE_TEMPORARY_SECONDS:
                    leftover.unlink()


def _sync_folder(folder: Path) -> None:
    # The rename is durable only once the folder's entry is on disk (POSIX; not on Windows).
    with contextlib.suppress(OSError, AttributeError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
