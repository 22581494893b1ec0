"""A check whose inputs, settings and cached answers are unchanged is given again from the
record of the last one (``refcheck.replay``), and checked afresh as soon as any of them
changes."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
import zlib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from cli_env import CLEAN_ENV
from crossref_server import CrossrefTestServer
from typer.testing import CliRunner

from refcheck.cachefile import CACHE_FILENAME
from refcheck.cli import app
from refcheck.replay import Outcome, code_fingerprint, remember, replay, run_key

MANUSCRIPT = """\
# Deep networks

Networks learn [1]. Blots too [2].

## References

1. LeCun Y, Bengio Y, Hinton G. Deep learning. Nature. 2015;521(7553):436-44.
2. Laemmli UK. Cleavage of structural proteins during the assembly of the head of bacteriophage T4. Nature. 1970;227(5259):680-5.
"""  # noqa: E501


@pytest.fixture
def paper(tmp_path: Path) -> Path:
    path = tmp_path / "paper.md"
    path.write_text(MANUSCRIPT, encoding="utf-8")
    return path


def check(
    server: CrossrefTestServer,
    cache: Path,
    *args: str,
    env: dict[str, str] | None = None,
    output_format: str = "json",
) -> Any:
    argv = ["check", *args, "--crossref-url", server.url, "--cache-dir", str(cache)]
    return CliRunner().invoke(
        app, [*argv, "--isolated", "--format", output_format], env=CLEAN_ENV | (env or {})
    )


def runs(cache: Path) -> list[dict[str, Any]]:
    with sqlite3.connect(cache / CACHE_FILENAME) as conn:
        try:
            rows = conn.execute("SELECT body FROM runs").fetchall()
        except sqlite3.OperationalError:  # no run was ever kept
            return []
    return [json.loads(zlib.decompress(body)) for (body,) in rows]


def rewrite_run(cache: Path, change: Any) -> None:
    """Apply ``change`` to every kept run's record, in place."""
    with sqlite3.connect(cache / CACHE_FILENAME) as conn:
        for key, body in conn.execute("SELECT key, body FROM runs").fetchall():
            record = json.loads(zlib.decompress(body))
            change(record)
            new = zlib.compress(json.dumps(record).encode("utf-8"))
            conn.execute("UPDATE runs SET body = ? WHERE key = ?", (new, key))


def statuses(result: Any) -> list[str]:
    return [ref["status"] for ref in json.loads(result.stdout)["files"][0]["references"]]


def test_an_unchanged_check_is_given_again_from_its_record(
    crossref_server: CrossrefTestServer, tmp_path: Path, paper: Path
) -> None:
    cache = tmp_path / "cache"
    first = check(crossref_server, cache, str(paper))
    assert first.exit_code == 0, first.output
    assert statuses(first) == ["verified", "verified"]
    assert len(runs(cache)) == 1
    # The record, not a new check, answers the next run: what it holds is what is printed.
    rewrite_run(cache, lambda r: r.update(stdout=r["stdout"].replace("verified", "VERIFIED")))
    asked = len(crossref_server.requests)
    again = check(crossref_server, cache, str(paper))
    assert again.exit_code == 0
    assert statuses(again) == ["VERIFIED", "VERIFIED"]
    assert len(crossref_server.requests) == asked


def test_the_replay_gives_the_same_output_messages_files_and_exit_code(
    crossref_server: CrossrefTestServer, tmp_path: Path, paper: Path
) -> None:
    cache, bib = tmp_path / "cache", tmp_path / "refs.bib"
    paper.write_text(MANUSCRIPT.replace("2015;521", "2016;521") + "\nSee also [3].\n")
    first = check(crossref_server, cache, str(paper), "--bibtex", str(bib))
    assert first.exit_code == 1  # the wrong year is an error
    written = bib.read_text(encoding="utf-8")
    bib.unlink()
    again = check(crossref_server, cache, str(paper), "--bibtex", str(bib))
    assert (again.exit_code, again.stdout, again.stderr) == (1, first.stdout, first.stderr)
    assert bib.read_text(encoding="utf-8") == written


def test_an_edited_manuscript_is_checked_again(
    crossref_server: CrossrefTestServer, tmp_path: Path, paper: Path
) -> None:
    cache = tmp_path / "cache"
    assert check(crossref_server, cache, str(paper)).exit_code == 0
    paper.write_text(MANUSCRIPT.replace("2015;521", "2016;521"), encoding="utf-8")
    edited = check(crossref_server, cache, str(paper))
    assert edited.exit_code == 1
    assert statuses(edited) == ["mismatch", "verified"]


def test_other_settings_are_another_run(
    crossref_server: CrossrefTestServer, tmp_path: Path, paper: Path
) -> None:
    cache = tmp_path / "cache"
    assert check(crossref_server, cache, str(paper)).exit_code == 0
    markdown = check(crossref_server, cache, str(paper), output_format="markdown")
    assert markdown.exit_code == 0 and not markdown.stdout.startswith("{")
    assert len(runs(cache)) == 2


def test_a_refreshed_answer_makes_the_check_run_again(
    crossref_server: CrossrefTestServer, tmp_path: Path, paper: Path
) -> None:
    cache = tmp_path / "cache"
    assert check(crossref_server, cache, str(paper)).exit_code == 0
    # Another run refreshes one answer (stored later, another year in it): the kept run was
    # decided on the old one, so it no longer holds.
    with sqlite3.connect(cache / CACHE_FILENAME) as conn:
        rows = conn.execute("SELECT key, body FROM answers WHERE found = 1").fetchall()
        for key, body in rows:
            text = zlib.decompress(body).decode("utf-8").replace("[[2015", "[[2016")
            conn.execute(
                "UPDATE answers SET body = ?, stored_at = stored_at + 1 WHERE key = ?",
                (zlib.compress(text.encode("utf-8")), key),
            )
    again = check(crossref_server, cache, str(paper))
    assert statuses(again) == ["mismatch", "verified"]


def test_an_answer_gone_from_the_cache_is_asked_for_again(
    crossref_server: CrossrefTestServer, tmp_path: Path, paper: Path
) -> None:
    cache = tmp_path / "cache"
    assert check(crossref_server, cache, str(paper)).exit_code == 0
    with sqlite3.connect(cache / CACHE_FILENAME) as conn:
        conn.execute("DELETE FROM answers")
    asked = len(crossref_server.requests)
    again = check(crossref_server, cache, str(paper))
    assert statuses(again) == ["verified", "verified"]
    assert len(crossref_server.requests) > asked


def test_a_check_with_failed_look_ups_is_not_kept(
    crossref_server: CrossrefTestServer, tmp_path: Path, paper: Path
) -> None:
    cache = tmp_path / "cache"
    crossref_server.queue_fault(status=500, times=1000)
    failed = check(crossref_server, cache, str(paper), env={"REFCHECK_RETRIES": "0"})
    assert "failed" in statuses(failed)
    assert runs(cache) == []
    crossref_server.reset()
    assert statuses(check(crossref_server, cache, str(paper))) == ["verified", "verified"]


def test_an_offline_check_is_redone_once_the_answers_are_cached(
    crossref_server: CrossrefTestServer, tmp_path: Path, paper: Path
) -> None:
    cache = tmp_path / "cache"
    offline = check(crossref_server, cache, str(paper), "--offline")
    assert statuses(offline) == ["unresolved", "unresolved"]
    assert len(runs(cache)) == 1  # kept, with the answers it found missing
    assert check(crossref_server, cache, str(paper)).exit_code == 0
    assert statuses(check(crossref_server, cache, str(paper), "--offline")) == [
        "verified",
        "verified",
    ]


@pytest.mark.parametrize("flag", ["--no-cache", "--verbose"])
def test_no_record_without_the_cache_or_with_verbose(
    crossref_server: CrossrefTestServer, tmp_path: Path, paper: Path, flag: str
) -> None:
    cache = tmp_path / "cache"
    assert check(crossref_server, cache, str(paper), flag).exit_code == 0
    if (cache / CACHE_FILENAME).exists():
        assert runs(cache) == []


def test_a_damaged_record_is_a_miss(tmp_path: Path, paper: Path) -> None:
    path = tmp_path / CACHE_FILENAME
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE answers (key TEXT, stored_at REAL, expires_at REAL)")
    key = run_key({"a": 1}, [str(paper)])
    assert key is not None
    outcome = Outcome(messages=("m",), stdout="out", files=(), exit_code=0)
    assert remember(path, key, outcome, {"k": None}, offline=True)
    assert replay(path, key) == outcome
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE runs SET body = ?", (b"not zlib",))
    assert replay(path, key) is None


def test_a_record_lasts_as_long_as_its_answers(tmp_path: Path, paper: Path) -> None:
    path = tmp_path / CACHE_FILENAME
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE answers (key TEXT, stored_at REAL, expires_at REAL)")
        conn.execute("INSERT INTO answers VALUES ('k', 100.0, 200.0)")
    outcome = Outcome(messages=(), stdout="out", files=(), exit_code=1)
    assert remember(path, "run", outcome, {"k": (100.0, 200.0)}, offline=False, now=150.0)
    assert replay(path, "run", now=199.0) == outcome
    assert replay(path, "run", now=200.0) is None
    # Online, an answer the run could not keep is the network's: such a run is not kept.
    assert not remember(path, "other", outcome, {"k": None}, offline=False, now=150.0)


def test_run_keys_name_the_bytes_of_each_input(tmp_path: Path, paper: Path) -> None:
    key = run_key({"format": "json"}, [str(paper)])
    assert key == run_key({"format": "json"}, [str(paper)])
    assert key != run_key({"format": "table"}, [str(paper)])
    paper.write_bytes(paper.read_bytes() + b" ")
    assert key != run_key({"format": "json"}, [str(paper)])
    assert run_key({}, ["-"]) is None
    assert run_key({}, [str(tmp_path / "missing.txt")]) is None
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    assert run_key({}, [str(fifo)]) is None  # not opened: that would wait for a writer
    assert len(code_fingerprint()) == 64


def test_a_report_written_in_the_working_folder_does_not_stop_the_replay(
    crossref_server: CrossrefTestServer, tmp_path: Path, paper: Path
) -> None:
    # `python -m refcheck` puts the working folder on sys.path; writing the report there
    # changes the folder, which must not count as another refcheck.
    cache = tmp_path / "cache"
    argv = [sys.executable, "-m", "refcheck", "check", paper.name, "-o", "report.json"]
    argv += ["--format", "json", "--crossref-url", crossref_server.url]
    argv += ["--cache-dir", str(cache), "--isolated"]
    env = {k: v for k, v in os.environ.items() if k not in CLEAN_ENV}
    assert subprocess.run(argv, cwd=tmp_path, env=env, check=False).returncode == 0
    rewrite_run(cache, lambda r: r["files"][0].__setitem__(2, '{"replayed": true}'))
    assert subprocess.run(argv, cwd=tmp_path, env=env, check=False).returncode == 0
    assert (tmp_path / "report.json").read_text(encoding="utf-8") == '{"replayed": true}'


def test_a_manuscript_saved_during_the_check_is_kept_for_what_was_read(
    crossref_server: CrossrefTestServer, tmp_path: Path, paper: Path
) -> None:
    cache = tmp_path / "cache"
    crossref_server.set_latency(0.3)
    with ThreadPoolExecutor(1) as pool:
        running = pool.submit(check, crossref_server, cache, str(paper))
        # Once a request is in flight the key is made and the file read.
        deadline = time.monotonic() + 30
        while crossref_server.max_in_flight == 0 and time.monotonic() < deadline:
            time.sleep(0.005)
        paper.write_text(MANUSCRIPT.replace("2015;521", "2016;521"), encoding="utf-8")
        assert statuses(running.result()) == ["verified", "verified"]
    assert len(runs(cache)) == 1
    # The saved text is another manuscript: checked afresh, not given the first outcome.
    assert statuses(check(crossref_server, cache, str(paper))) == ["mismatch", "verified"]
    # The text the run read is the one its record answers for.
    paper.write_text(MANUSCRIPT, encoding="utf-8")
    rewrite_run(cache, lambda r: r.update(stdout=r["stdout"].replace("verified", "VERIFIED")))
    assert "VERIFIED" in statuses(check(crossref_server, cache, str(paper)))


def test_a_run_keyed_by_what_it_read_not_by_what_is_on_disk(paper: Path) -> None:
    on_disk = run_key({}, [str(paper)])
    assert run_key({}, [str(paper)], [paper.read_bytes()]) == on_disk
    assert run_key({}, [str(paper)], [b"another text"]) != on_disk
    assert run_key({}, ["-"], [b"stdin"]) is None


def test_a_run_from_another_working_folder_is_not_given_the_first_ones_paths(
    crossref_server: CrossrefTestServer,
    tmp_path: Path,
    paper: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # CI formats name an absolute input by its path from the working folder: the same
    # command from elsewhere names it otherwise, so it is another run.
    cache, elsewhere = tmp_path / "cache", tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(tmp_path)
    inside = check(crossref_server, cache, str(paper), output_format="github")
    assert "file=paper.md," in inside.stdout
    monkeypatch.chdir(elsewhere)
    outside = check(crossref_server, cache, str(paper), output_format="github")
    assert f"file={paper}," in outside.stdout


def test_an_output_file_name_that_is_not_utf8_is_written_and_the_run_not_kept(
    crossref_server: CrossrefTestServer, tmp_path: Path, paper: Path
) -> None:
    cache = tmp_path / "cache"
    report = tmp_path / os.fsdecode(b"report\xff.json")  # a lone surrogate in Python
    for _ in range(2):
        result = check(crossref_server, cache, str(paper), "-o", str(report))
        assert result.exit_code == 0, result.output
        assert json.loads(report.read_bytes())["files"][0]["path"] == str(paper)
        report.unlink()


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root writes read-only files"
)
def test_a_read_only_cache_is_not_replayed(
    crossref_server: CrossrefTestServer, tmp_path: Path, paper: Path
) -> None:
    # A run does not use a cache it cannot write; it says so. Its replay must too.
    cache = tmp_path / "cache"
    assert check(crossref_server, cache, str(paper)).exit_code == 0
    (cache / CACHE_FILENAME).chmod(0o444)
    try:
        again = check(crossref_server, cache, str(paper))
    finally:
        (cache / CACHE_FILENAME).chmod(0o644)
    assert again.exit_code == 0
    assert "cache: cannot open" in again.stderr


def _on_a_terminal(argv: list[str], cwd: Path) -> str:
    """What a terminal shows of a run whose stdout and stderr are both that terminal."""
    import pty

    leader, follower = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k not in CLEAN_ENV} | {"COLUMNS": "100"}
    with subprocess.Popen(argv, cwd=cwd, env=env, stdout=follower, stderr=follower) as process:
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the terminal closed
                break
            if not chunk:
                break
            chunks.append(chunk)
        process.wait()
    os.close(leader)
    return b"".join(chunks).decode("utf-8", "replace")


def test_a_replay_shows_the_summary_after_the_report_as_the_run_did(
    crossref_server: CrossrefTestServer, tmp_path: Path, paper: Path
) -> None:
    # JSON on a terminal: the summary line for the person watching comes after the report.
    argv = [sys.executable, "-m", "refcheck", "check", paper.name, "--format", "json"]
    argv += ["--crossref-url", crossref_server.url, "--cache-dir", str(tmp_path / "cache")]
    argv += ["--isolated"]
    first = _on_a_terminal(argv, tmp_path)
    assert first.rstrip().endswith("2 references: 2 verified")
    assert len(runs(tmp_path / "cache")) == 1
    again = _on_a_terminal(argv, tmp_path)  # no progress bar: nothing is looked up
    assert again.rstrip().endswith("2 references: 2 verified")
    assert again[again.index("{") :] == first[first.index("{") :]


def test_the_note_on_crossrefs_public_pool_is_not_kept_for_a_replay(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The note says that this run asks api.crossref.org without a mailto; a replay asks
    # nothing, so the note is shown by the run that asks and not kept in its record. (The
    # suite cannot reach api.crossref.org: the source's client is built, no request sent.)
    from refcheck import cli
    from refcheck.config import Settings
    from refcheck.resolve.crossref import CrossrefSource

    with cli._recording() as said:
        source = cli._source(Settings(cache_dir=tmp_path, use_cache=False), verbose=False)
        assert isinstance(source, CrossrefSource)
        try:
            source.prepare()
        finally:
            source.close()
    assert "refcheck: note: without --mailto" in capsys.readouterr().err
    assert said == []


def test_quiet_leaves_out_the_note_on_crossrefs_public_pool(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # --quiet: no progress or summary, and no advice either.
    from refcheck import cli
    from refcheck.config import Settings
    from refcheck.resolve.crossref import CrossrefSource

    source = cli._source(Settings(cache_dir=tmp_path, use_cache=False), False, quiet=True)
    assert isinstance(source, CrossrefSource)
    try:
        source.prepare()
    finally:
        source.close()
    assert "note:" not in capsys.readouterr().err


_OPEN_COUNTER = """
import sys
target, opened = sys.argv.pop(1), []

def count(event, args):
    if event == "open" and str(args[0]) == target:
        opened.append(args[0])

sys.addaudithook(count)
sys.argv = ["refcheck", *sys.argv[1:]]
from refcheck.cli import main

try:
    main()
finally:
    print("OPENED", len(opened), file=sys.stderr)
"""


def test_a_check_reads_each_input_once(
    crossref_server: CrossrefTestServer, tmp_path: Path, paper: Path
) -> None:
    # The bytes hashed for the replay's key are the bytes the run checks: one read, and
    # no window in which the two could differ.
    argv = [sys.executable, "-c", _OPEN_COUNTER, str(paper), "check", str(paper)]
    argv += ["--format", "json", "--crossref-url", crossref_server.url]
    argv += ["--cache-dir", str(tmp_path / "cache"), "--isolated"]
    env = {k: v for k, v in os.environ.items() if k not in CLEAN_ENV}
    done = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode in (0, 1), done.stderr
    assert done.stderr.rsplit("OPENED", 1)[1].split() == ["1"]
