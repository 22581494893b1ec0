"""Writing a rendered report: atomically to a file, so CI never reads half a report."""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping, Sequence
from pathlib import Path

from refcheck.atomic import write_atomically as write_atomically_bytes
from refcheck.errors import ConfigError


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        # One of them does not exist (yet): compare where they would be.
        return os.path.realpath(a) == os.path.realpath(b)


def check_output_targets(inputs: Sequence[str], targets: Mapping[str, Path | None]) -> None:
    """Refuse output files that would overwrite an input, each other, or a folder.

    ``targets`` maps the option's name (``--output``) to its path (None: not given); ``-``
    in ``inputs`` is standard input. Raises ``ConfigError`` naming the option.
    """
    given = [(option, path) for option, path in targets.items() if path is not None]
    for option, path in given:
        folder = path.parent if str(path.parent) else Path(".")
        try:
            is_dir, folder_exists = path.is_dir(), folder.is_dir()
        except OSError as exc:  # a name too long for the file system, say
            raise ConfigError(f"{option}: {path}: {exc.strerror or exc}") from None
        if is_dir:
            raise ConfigError(f"{option}: {path} is a directory; give a file name")
        if not folder_exists:
            # Found before the run, not after it: no report half delivered (the JSON on
            # stdout, the BibTeX lost) and no minutes of look-ups wasted.
            raise ConfigError(f"{option}: no such folder: {folder}")
        for raw in inputs:
            if raw != "-" and _same_file(path, Path(raw)):
                raise ConfigError(
                    f"{option}: {path} is an input; refcheck never overwrites a manuscript"
                )
    for index, (option, path) in enumerate(given):
        for other, other_path in given[index + 1 :]:
            if _same_file(path, other_path):
                raise ConfigError(f"{option} and {other} name the same file: {path}")


def write_atomically(path: Path, text: str, *, option: str = "--output") -> None:
    """Write ``text`` (UTF-8) to ``path`` through a temporary file in the same folder.

    ``os.replace`` is atomic on one file system, hence the same folder. A symbolic link is
    followed (the link stays, its target gets the text); a device or pipe (``/dev/stdout``)
    is written directly, since it cannot be replaced. Raises ``ConfigError`` (exit 2) when
    the folder does not exist or cannot be written; ``option`` names the flag in the message.
    """
    try:
        mode = path.stat().st_mode
    except OSError:
        mode = None
    if mode is not None and not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):
        _write_directly(path, text, option)
        return
    if path.is_symlink():
        path = Path(os.path.realpath(path))
    # "replace": a stray unencodable character (a lone surrogate) costs one '?', not the report.
    write_atomically_bytes(path, text.encode("utf-8", errors="replace"), label=option)


def _write_directly(path: Path, text: str, option: str) -> None:
    try:
        with path.open("w", encoding="utf-8", errors="replace", newline="") as stream:
            stream.write(text)
    except OSError as exc:
        raise ConfigError(f"{option}: cannot write {path}: {exc.strerror or exc}") from None
