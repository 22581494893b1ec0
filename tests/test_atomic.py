"""refcheck.atomic: the one atomic writer (reports, BibTeX, fixed manuscripts and copies)."""

from __future__ import annotations

import os
import stat
import time
from pathlib import Path

import pytest

from refcheck.atomic import STALE_TEMPORARY_SECONDS, write_atomically
from refcheck.errors import ConfigError


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_file_is_an_ordinary_file(tmp_path: Path) -> None:
    # mkstemp makes 0600 files: a corrected copy (paper.fixed.docx) must not be left private.
    umask = os.umask(0o022)
    try:
        write_atomically(tmp_path / "paper.fixed.docx", b"data")
    finally:
        os.umask(umask)
    assert (tmp_path / "paper.fixed.docx").read_bytes() == b"data"
    assert _mode(tmp_path / "paper.fixed.docx") == 0o644


def test_a_replaced_file_keeps_its_permissions(tmp_path: Path) -> None:
    target = tmp_path / "refs.txt"
    target.write_bytes(b"old")
    target.chmod(0o600)
    write_atomically(target, b"new")
    assert target.read_bytes() == b"new" and _mode(target) == 0o600


def test_permissions_given_apply(tmp_path: Path) -> None:
    write_atomically(tmp_path / "refs.txt.bak", b"copy", permissions=0o640)
    assert _mode(tmp_path / "refs.txt.bak") == 0o640


def test_no_temporary_is_left_and_old_leftovers_go(tmp_path: Path) -> None:
    stale = tmp_path / ".refs.txt.abc123.tmp"
    fresh = tmp_path / ".refs.txt.def456.tmp"
    stale.write_bytes(b"killed run")
    fresh.write_bytes(b"a run still writing")
    old = time.time() - STALE_TEMPORARY_SECONDS - 60
    os.utime(stale, (old, old))
    write_atomically(tmp_path / "refs.txt", b"new")
    assert sorted(p.name for p in tmp_path.iterdir()) == [".refs.txt.def456.tmp", "refs.txt"]


def test_a_missing_folder_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"^--output: cannot write to "):
        write_atomically(tmp_path / "no" / "refs.txt", b"x", label="--output")


def test_fix_never_overwrites_a_manuscript_edited_during_the_check(tmp_path: Path) -> None:
    from refcheck.fix.write import replace_file

    paper = tmp_path / "refs.txt"
    paper.write_bytes(b"edited by the author meanwhile")
    with pytest.raises(ConfigError, match="changed while it was being checked"):
        replace_file(paper, b"fixed", original=b"what was checked", backup=True)
    assert paper.read_bytes() == b"edited by the author meanwhile"
    assert not (tmp_path / "refs.txt.bak").exists()
    # Unchanged: the backup holds the bytes that were checked, the file the fixed text.
    paper.write_bytes(b"what was checked")
    assert replace_file(paper, b"fixed", original=b"what was checked", backup=True) == (
        tmp_path / "refs.txt.bak"
    )
    assert paper.read_bytes() == b"fixed"
    assert (tmp_path / "refs.txt.bak").read_bytes() == b"what was checked"
