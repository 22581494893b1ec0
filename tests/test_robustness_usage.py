"""Bad usage from the outside: each mistake exits 2 with one line that names it, and no user
file is changed unless a flag asked for it; writes are atomic and leave no temporary files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from cli_env import CLEAN_ENV, SETTING_VARIABLES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from refcheck.cli import app
from refcheck.report.output import write_atomically

MANUSCRIPT = """\
# A paper

Deep networks learn [1], and a lost study says so too [2]. Nobody cites the third.

## References

1. LeCun Y, Bengio Y, Hinton G. Deep learning. Nature. 2015;521(7553):436-44.
2. Nobody N, Nowhere Q. A study of things that were never published anywhere. J Imagin Res. 1999;12(3):101-9.
3. Gutierrez A Jr, Wetter DA. Calcinosis cutis in autoimmune connective tissue diseases. Dermatol Ther. 2013;25(2):195-206.
"""  # noqa: E501

OFFLINE = ("--offline", "--no-cache", "--isolated")


@pytest.fixture
def paper(tmp_path: Path) -> Path:
    path = tmp_path / "paper.md"
    path.write_text(MANUSCRIPT, encoding="utf-8")
    return path


def run(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None) -> Any:
    if cwd is None:
        return CliRunner().invoke(app, list(args), env=CLEAN_ENV | (env or {}))
    old = Path.cwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(app, list(args), env=CLEAN_ENV | (env or {}))
    finally:
        os.chdir(old)


def assert_usage_error(result: Any, *needles: str) -> str:
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"escaped exception: {result.exception!r}") from result.exception
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert "Traceback" not in result.stderr
    errors = [line for line in lines if line.startswith("refcheck: error: ")]
    # typer/click's own usage errors use their boxed layout; refcheck's are one line.
    assert len(errors) == 1 or any(needle in result.stderr for needle in needles), lines
    for needle in needles:
        assert needle in result.stderr, result.stderr
    assert result.stdout == ""
    return result.stderr


def files_in(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


# --------------------------------------------------------------------------- bad values


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("check", "--format", "yaml"), "--format"),
        (("check", "--fail-on", "sometimes"), "--fail-on"),
        (("check", "--crossref-url", "ftp://example.org"), "--crossref-url"),
        (("check", "--crossref-url", "http://[::1"), "--crossref-url"),
        (("check", "--crossref-url", "http://localhost:99999"), "--crossref-url"),
        (("check", "--crossref-url", "http://256.1.1.1"), "--crossref-url"),
        (("bibtex", "--crossref-url", "http://:80"), "--crossref-url"),
        (("check", "--mailto", "not-an-address"), "--mailto"),
        (("check", "--cache-ttl", "inf"), "--cache-ttl"),
        (("bibtex", "--cache-ttl", "1e308"), "--cache-ttl"),
        (("check", "--ignore", "whatever"), "--ignore"),
        (("check", "--input-format", "odt"), "--input-format"),
        (("check", "--quiet", "--verbose"), "--quiet and --verbose"),
        (("parse", "--format", "sarif"), "--format"),
        (("parse", "--input-format", "odt"), "odt"),
        (("bibtex", "--format", "ris"), "--format"),
        (("bibtex", "--format", "csl-json", "--ascii"), "--ascii"),
    ],
)
def test_bad_values_name_the_flag(paper: Path, args: tuple[str, ...], needle: str) -> None:
    command, *rest = args
    extra = ("--isolated",) if command != "parse" else ()
    assert_usage_error(run(command, str(paper), *rest, *extra), needle)


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("REFCHECK_FORMAT", "yaml"),
        ("REFCHECK_FAIL_ON", "always"),
        ("REFCHECK_CROSSREF_URL", "not a url"),
        ("REFCHECK_MAILTO", "@"),
        ("REFCHECK_TIMEOUT", "0"),
        ("REFCHECK_RETRIES", "many"),
    ],
)
def test_bad_environment_names_the_variable(paper: Path, variable: str, value: str) -> None:
    assert_usage_error(run("check", str(paper), "--isolated", env={variable: value}), variable)


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("colour = 'red'\n", "unknown key 'colour'"),
        ("format = 'yaml'\n", "format"),
        ("fail-on = 3\n", "fail-on"),
        ("cache-ttl = -1\n", "cache-ttl"),
        ("cache-ttl = inf\n", "cache-ttl"),
        ("cache-ttl = nan\n", "cache-ttl"),
        ("cache-ttl = 1e308\n", "cache-ttl"),
        ("timeout = 0\n", "timeout"),
        ("retries = true\n", "retries"),
        ("[[ignore]]\ncode = 'RC102'\n", "reason"),
        ("format = \n", "not valid TOML"),
        ("\x00\x01", "not valid TOML"),
        ("[tool\n", "not valid TOML"),
    ],
)
def test_bad_config_files_name_the_file_and_key(
    paper: Path, tmp_path: Path, text: str, needle: str
) -> None:
    config = tmp_path / "refcheck.toml"
    config.write_text(text, encoding="utf-8")
    stderr = assert_usage_error(run("check", str(paper), *OFFLINE[:2]), needle)
    assert "refcheck.toml" in stderr
    assert_usage_error(run("check", str(paper), "--config", str(config)), needle)


def test_config_that_is_a_directory_or_missing(paper: Path, tmp_path: Path) -> None:
    assert_usage_error(run("check", str(paper), "--config", str(tmp_path)), "--config")
    assert_usage_error(run("check", str(paper), "--config", str(tmp_path / "no.toml")), "--config")


def test_a_pyproject_with_a_broken_tool_table(paper: Path, tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool]\nrefcheck = 3\n", encoding="utf-8")
    assert_usage_error(run("check", str(paper), *OFFLINE[:2]), "tool.refcheck")


def test_no_paths_and_unknown_options(paper: Path) -> None:
    for command in ("check", "parse", "bibtex"):
        assert_usage_error(run(command), "at least one manuscript")
        result = run(command, str(paper), "--no-such-option")
        assert result.exit_code == 2 and "--no-such-option" in result.stderr
    assert run("frobnicate").exit_code == 2


# --------------------------------------------------------------------------- user files


@pytest.mark.parametrize(
    "args",
    [
        ("check", "{paper}", "--output", "{paper}", *OFFLINE),
        ("check", "{paper}", "--bibtex", "{paper}", *OFFLINE),
        ("check", "{paper}", "--output", "{alias}", *OFFLINE),
        ("parse", "{paper}", "--output", "{paper}"),
        ("parse", "{other}", "{paper}", "--output", "{link}"),
        ("bibtex", "{paper}", "--output", "{paper}", "--no-resolve"),
    ],
)
def test_outputs_never_overwrite_an_input(
    paper: Path, tmp_path: Path, args: tuple[str, ...]
) -> None:
    other = tmp_path / "other.txt"
    other.write_text("1. Smith J. A title. J Foo. 2001;1:1-2.\n", encoding="utf-8")
    link = tmp_path / "link.md"
    link.symlink_to(paper)
    names = {
        "paper": str(paper),
        "other": str(other),
        "link": str(link),
        "alias": str(tmp_path / "sub" / ".." / "paper.md"),
    }
    (tmp_path / "sub").mkdir()
    before = files_in(tmp_path)
    result = run(*(arg.format(**names) for arg in args))
    assert_usage_error(result, "is an input")
    assert files_in(tmp_path) == before
    assert paper.read_text(encoding="utf-8") == MANUSCRIPT


def test_output_and_bibtex_cannot_be_one_file(paper: Path, tmp_path: Path) -> None:
    same = tmp_path / "out.txt"
    result = run("check", str(paper), "-o", str(same), "--bibtex", str(same), *OFFLINE)
    assert_usage_error(result, "--output and --bibtex")
    assert not same.exists()


def test_output_into_a_missing_folder_or_onto_a_folder(paper: Path, tmp_path: Path) -> None:
    missing = tmp_path / "nope" / "report.json"
    assert_usage_error(run("check", str(paper), "-o", str(missing), *OFFLINE), "--output", "nope")
    assert_usage_error(run("parse", str(paper), "-o", str(missing)), "--output")
    bib = tmp_path / "nope" / "refs.bib"
    assert_usage_error(run("check", str(paper), "--bibtex", str(bib), *OFFLINE), "--bibtex")
    folder = tmp_path / "reports"
    folder.mkdir()
    assert_usage_error(run("check", str(paper), "-o", str(folder), *OFFLINE), "directory")
    assert list(folder.iterdir()) == []


def test_a_failed_run_leaves_an_existing_report_alone(paper: Path, tmp_path: Path) -> None:
    report = tmp_path / "report.json"
    report.write_text("previous report\n", encoding="utf-8")
    result = run("check", str(tmp_path / "missing.md"), "-o", str(report), *OFFLINE)
    assert_usage_error(result, "no such file")
    assert report.read_text(encoding="utf-8") == "previous report\n"


def test_a_report_is_written_whole_and_no_temporary_file_stays(paper: Path, tmp_path: Path) -> None:
    report = tmp_path / "report.json"
    report.write_text("old\n", encoding="utf-8")
    bib = tmp_path / "refs.bib"
    result = run("check", str(paper), "-o", str(report), "--bibtex", str(bib), *OFFLINE)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert json.loads(report.read_text(encoding="utf-8"))["schema_version"] == 1
    assert bib.read_text(encoding="utf-8").count("@") == 3
    assert sorted(p.name for p in tmp_path.iterdir()) == ["paper.md", "refs.bib", "report.json"]
    assert paper.read_text(encoding="utf-8") == MANUSCRIPT


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary(tmp_path: Path) -> None:
    from refcheck.errors import ConfigError

    # A folder where the file should go: the temporary file is written, the rename fails.
    target = tmp_path / "report.json"
    target.mkdir()
    (target / "keep.txt").write_text("old\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="--bibtex: cannot write"):
        write_atomically(target, "new\n", option="--bibtex")
    assert (target / "keep.txt").read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]


def test_unencodable_text_costs_a_character_not_the_file(tmp_path: Path) -> None:
    target = tmp_path / "refs.bib"
    target.write_text("old\n", encoding="utf-8")
    write_atomically(target, "Le\ud800Cun\n")
    assert target.read_text(encoding="utf-8") == "Le?Cun\n"
    assert [p.name for p in tmp_path.iterdir()] == ["refs.bib"]


def test_a_console_that_cannot_show_every_letter(paper: Path, tmp_path: Path) -> None:
    accented = tmp_path / "accented.md"
    accented.write_text(MANUSCRIPT.replace("Nobody N", "Müller Ö"), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in CLEAN_ENV}
    env["PYTHONIOENCODING"] = "ascii"
    for args in (
        ["check", str(accented), *OFFLINE, "--format", "table"],
        ["check", str(accented), *OFFLINE, "--format", "markdown"],
        ["parse", str(accented)],
        ["bibtex", str(accented), "--no-resolve", "--format", "csl-json"],
    ):
        done = subprocess.run(
            [sys.executable, "-m", "refcheck", *args],
            capture_output=True,
            env=env,
            timeout=30,
            cwd=Path(__file__).resolve().parents[1],
        )
        assert done.returncode in (0, 1), done.stderr
        assert b"Traceback" not in done.stderr
        assert b"M?ller" in done.stdout or b"M\\u00fcller" in done.stdout, done.stdout[:300]


def test_output_through_a_symlink_keeps_the_link(paper: Path, tmp_path: Path) -> None:
    real = tmp_path / "real.json"
    real.write_text("old\n", encoding="utf-8")
    link = tmp_path / "latest.json"
    link.symlink_to(real)
    result = run("check", str(paper), "-o", str(link), *OFFLINE)
    assert result.exit_code == 0, result.output
    assert link.is_symlink()
    assert json.loads(real.read_text(encoding="utf-8"))["schema_version"] == 1


def test_output_to_a_device_is_written_in_place(paper: Path) -> None:
    # /dev/null stands for /dev/stdout: a device is written to, never replaced.
    before = os.stat("/dev/null")
    result = run("check", str(paper), "-o", "/dev/null", *OFFLINE)
    assert result.exit_code == 0, result.output
    after = os.stat("/dev/null")
    assert (before.st_ino, before.st_rdev) == (after.st_ino, after.st_rdev)
    assert not any(name.startswith(".null.") for name in os.listdir("/dev"))


def test_parse_never_writes_anything_without_output(paper: Path, tmp_path: Path) -> None:
    before = files_in(tmp_path)
    for command in (("parse",), ("bibtex", "--no-resolve"), ("check", *OFFLINE)):
        result = run(command[0], str(paper), *command[1:], cwd=tmp_path)
        assert result.exit_code == 0, result.output
    assert files_in(tmp_path) == before


# --------------------------------------------------------------------------- clean stdout


@pytest.mark.parametrize("fmt", ["json", "jsonl", "sarif", "junit", "github", "markdown"])
def test_machine_formats_stay_clean_with_warnings(tmp_path: Path, fmt: str) -> None:
    # cp1252 bytes (a decoding warning), an uncited reference and a citation with no
    # reference (findings), offline (unresolved): stderr talks, stdout stays parseable.
    path = tmp_path / "paper.md"
    path.write_bytes(MANUSCRIPT.replace("Nobody", "Müller").encode("cp1252"))
    result = run("check", str(path), "--format", fmt, *OFFLINE)
    assert result.exit_code in (0, 1), result.output
    assert "warning" in result.stderr
    assert "\x1b[" not in result.stdout
    out = result.stdout
    if fmt in ("json", "sarif"):
        json.loads(out)
    elif fmt == "jsonl":
        for line in out.splitlines():
            json.loads(line)
    elif fmt == "junit":
        ET.fromstring(out)
    elif fmt == "github":
        # Workflow commands, then one summary line for the log.
        *commands, summary = out.splitlines()
        assert commands and all(line.startswith("::") for line in commands), out
        assert summary.startswith("refcheck: 3 references")
    assert "refcheck: warning" not in out and "refcheck: error" not in out


def test_no_color_and_dumb_terminals_get_plain_text(paper: Path) -> None:
    for env in ({"NO_COLOR": "1"}, {"TERM": "dumb"}):
        result = run("check", str(paper), "--format", "table", *OFFLINE, env=env)
        assert result.exit_code == 0, result.output
        assert "\x1b[" not in result.stdout and "\x1b[" not in result.stderr
        result = run("parse", str(paper), env=env)
        assert "\x1b[" not in result.stdout


def test_messages_stay_on_one_line_whatever_the_file_name(tmp_path: Path) -> None:
    odd = tmp_path / "a\nb\x1b[31m.txt"
    result = run("parse", str(odd))
    stderr = assert_usage_error(result, "no such file")
    assert stderr.count("\n") == 1 and "\x1b" not in stderr
    odd.write_bytes(b"References\n\n1. M\xfcller J. Caf\xe9. J Foo. 2001;1:1-2.\n")
    result = run("parse", str(odd), "--format", "json")
    assert result.exit_code == 0
    (warning,) = result.stderr.splitlines()
    assert warning.startswith("refcheck: warning: ") and "not valid UTF-8" in warning


def test_standard_input_once_and_empty_names() -> None:
    assert_usage_error(run("parse", "-", "-"), "only once")
    assert_usage_error(run("check", "-", "-", "--isolated"), "only once")
    assert_usage_error(run("parse", ""), "empty file name")


# --------------------------------------------------------------------------- config fuzzing

_KEYS = [
    "format",
    "fail-on",
    "exit-zero",
    "crossref-url",
    "mailto",
    "cache-dir",
    "no-cache",
    "offline",
    "cache-ttl",
    "timeout",
    "retries",
    "ignore",
    "input-format",
    "colour",
]
_TOML_SCALARS = st.one_of(
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.sampled_from(["json", "error", "http://127.0.0.1:1", "a@b.org", "RC102", "10.1/x"]),
)
_TOML_VALUES = st.recursive(
    _TOML_SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(
            st.sampled_from(["reason", "code", "doi", "reference", "path", "x"]), inner, max_size=4
        )
    ),
    max_leaves=6,
)


def _toml(value: Any) -> str:
    """A TOML value (inline tables and arrays; enough for the fuzzing below)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return (
            "nan"
            if value != value
            else ("inf" if value > 0 else "-inf")
            if abs(value) == float("inf")
            else repr(value)
        )
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(_toml(item) for item in value) + "]"
    return "{" + ", ".join(f"{json.dumps(k)} = {_toml(v)}" for k, v in value.items()) + "}"


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(table=st.dictionaries(st.sampled_from(_KEYS), _TOML_VALUES, max_size=4))
def test_fuzz_config_files_give_settings_or_exit_2(
    tmp_path_factory: pytest.TempPathFactory, table: dict[str, Any]
) -> None:
    folder = tmp_path_factory.mktemp("config")
    config = folder / "refcheck.toml"
    config.write_text("".join(f"{k} = {_toml(v)}\n" for k, v in table.items()), encoding="utf-8")
    paper = folder / "paper.txt"
    paper.write_text(MANUSCRIPT, encoding="utf-8")
    result = run("check", str(paper), "--show-settings")
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"escaped exception: {result.exception!r}") from result.exception
    assert result.exit_code in (0, 2), result.output
    if result.exit_code == 2:
        assert_usage_error(result)
        assert "refcheck.toml" in result.stderr


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    variable=st.sampled_from(list(SETTING_VARIABLES)),
    value=st.text(
        st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=30
    ),
)
def test_fuzz_environment_gives_settings_or_exit_2(
    tmp_path_factory: pytest.TempPathFactory, variable: str, value: str
) -> None:
    paper = tmp_path_factory.mktemp("env") / "paper.txt"
    paper.write_text(MANUSCRIPT, encoding="utf-8")
    result = run("check", str(paper), "--isolated", "--show-settings", env={variable: value})
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"escaped exception: {result.exception!r}") from result.exception
    assert result.exit_code in (0, 2), result.output
    if result.exit_code == 2:
        assert_usage_error(result, variable)


def test_replacing_a_report_keeps_its_permissions(tmp_path: Path) -> None:
    private = tmp_path / "private.json"
    private.write_text("old\n", encoding="utf-8")
    private.chmod(0o600)
    write_atomically(private, "new\n")
    assert private.read_text(encoding="utf-8") == "new\n"
    assert private.stat().st_mode & 0o777 == 0o600
    fresh = tmp_path / "fresh.json"
    write_atomically(fresh, "new\n")
    umask = os.umask(0)
    os.umask(umask)
    assert fresh.stat().st_mode & 0o777 == 0o666 & ~umask


def test_dash_output_means_standard_output(paper: Path, tmp_path: Path) -> None:
    for args in (("parse", str(paper), "-f", "json"), ("check", str(paper), *OFFLINE)):
        result = run(*args, "--output", "-", cwd=tmp_path)
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout)["schema_version"] == 1
    assert not (tmp_path / "-").exists()
    assert_usage_error(run("check", str(paper), *OFFLINE, "--bibtex", "-"), "--bibtex")


def test_names_too_long_for_the_file_system(paper: Path, tmp_path: Path) -> None:
    long = "a" * 5000
    for args, needle in (
        (("parse", str(paper), "-o", str(tmp_path / f"{long}.json")), "--output"),
        (("check", str(paper), *OFFLINE, "--bibtex", str(tmp_path / long / "x.bib")), "--bibtex"),
        (("check", str(paper), "--config", str(tmp_path / f"{long}.toml")), "--config"),
        (("check", str(tmp_path / f"{long}.md"), "--offline", "--no-cache"), long[:50]),
        (("parse", str(tmp_path / f"{long}.md")), long[:50]),
    ):
        assert_usage_error(run(*args), needle)


def test_a_removed_working_folder_is_a_clear_error_not_a_crash(tmp_path: Path) -> None:
    gone = tmp_path / "gone"
    gone.mkdir()
    paper = tmp_path / "refs.txt"
    paper.write_text("1. LeCun Y. Deep learning. Nature. 2015;521:436-44.\n", encoding="utf-8")
    script = (
        "import os, sys; os.chdir(sys.argv[1]); os.rmdir(sys.argv[1]); "
        "from refcheck.cli import main; sys.argv = ['refcheck', 'check', sys.argv[2], "
        "'--offline', '--no-cache', '--format', 'json']; main()"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(gone), str(paper)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert "working folder is gone" in done.stderr and "internal error" not in done.stderr
