"""Configuration: discovery, precedence (defaults < file < environment < flags), errors, ignores."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_report_formats import PAGES, UNCITED, YEAR, checked, sample_report

from refcheck.config import (
    Ignore,
    apply_ignores,
    describe_settings,
    find_config,
    ignore_from_flag,
    load_settings,
    unused_ignores,
)
from refcheck.errors import ConfigError
from refcheck.models import FileReport, Report, Status
from refcheck.report.exit_codes import FailOn


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_without_any_file(tmp_path: Path) -> None:
    settings = load_settings([str(tmp_path / "paper.md")], environ={}, cwd=tmp_path)
    assert settings.config_file is None
    assert settings.fail_on is FailOn.ERROR
    assert settings.crossref_url == "https://api.crossref.org"
    assert settings.use_cache and not settings.offline
    assert settings.cache_ttl == 30.0
    assert settings.format is None
    assert settings.resolved_format(stdout_is_terminal=True) == "table"
    assert settings.resolved_format(stdout_is_terminal=False) == "json"
    assert settings.source_of("mailto") == "default"


def test_pyproject_found_from_the_input_upwards(tmp_path: Path) -> None:
    write(
        tmp_path / "pyproject.toml",
        '[tool.refcheck]\nmailto = "lab@example.org"\nfail-on = "warning"\n'
        'cache-ttl = 7\ncache-dir = "cache"\nformat = "github"\n',
    )
    paper = write(tmp_path / "papers" / "a" / "paper.md", "x")
    settings = load_settings([str(paper)], environ={}, cwd=Path("/"))
    assert settings.config_file == tmp_path / "pyproject.toml"
    assert settings.mailto == "lab@example.org"
    assert settings.fail_on is FailOn.WARNING
    assert settings.cache_ttl == 7.0
    assert settings.format == "github"
    # relative paths are relative to the config file, not to where refcheck runs
    assert settings.cache_dir == tmp_path / "cache"
    assert "pyproject.toml [tool.refcheck]" in settings.source_of("mailto")


def test_pyproject_without_a_table_is_passed_over(tmp_path: Path) -> None:
    write(tmp_path / "refcheck.toml", "offline = true\n")
    write(tmp_path / "sub" / "pyproject.toml", '[project]\nname = "x"\n')
    assert find_config(tmp_path / "sub") == tmp_path / "refcheck.toml"
    settings = load_settings([str(tmp_path / "sub" / "p.md")], environ={}, cwd=tmp_path)
    assert settings.offline is True


def test_refcheck_toml_wins_over_pyproject_in_one_folder(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[tool.refcheck]\nmailto = "a@example.org"\n')
    write(tmp_path / "refcheck.toml", 'mailto = "b@example.org"\nno-cache = true\n')
    settings = load_settings([str(tmp_path / "p.md")], environ={}, cwd=tmp_path)
    assert settings.mailto == "b@example.org"
    assert settings.use_cache is False


def test_stdin_uses_the_working_folder(tmp_path: Path) -> None:
    write(tmp_path / "refcheck.toml", 'fail-on = "never"\n')
    assert load_settings(["-"], environ={}, cwd=tmp_path).fail_on is FailOn.NEVER


def test_precedence_file_then_environment_then_flags(tmp_path: Path) -> None:
    write(
        tmp_path / "refcheck.toml",
        'crossref-url = "http://file.example"\nmailto = "file@example.org"\nformat = "json"\n',
    )
    environ = {"REFCHECK_CROSSREF_URL": "http://env.example/", "REFCHECK_FORMAT": "sarif"}
    settings = load_settings(
        [str(tmp_path / "p.md")], {"format": "junit", "mailto": None}, environ=environ, cwd=tmp_path
    )
    assert settings.crossref_url == "http://env.example"  # trailing slash dropped
    assert settings.source_of("crossref_url") == "environment REFCHECK_CROSSREF_URL"
    assert settings.mailto == "file@example.org"  # flag not given
    assert settings.format == "junit"
    assert settings.source_of("format") == "--format"


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ('colour = "red"\n', "colour"),
        ('fail-on = "sometimes"\n', "fail-on"),
        ('format = "yaml"\n', "format"),
        ("cache-ttl = -1\n", "cache-ttl"),
        ('cache-ttl = "soon"\n', "cache-ttl"),
        ('offline = "perhaps"\n', "offline"),
        ('mailto = "nobody"\n', "mailto"),
        ('crossref-url = "ftp://x"\n', "crossref-url"),
        ('input-format = "odt"\n', "input-format"),
        ('[[ignore]]\ncode = "RC102"\n', "ignore[0].reason"),
        ('[[ignore]]\ncode = "E501"\nreason = "x"\n', "ignore[0].code"),
        ('[[ignore]]\nreason = "x"\n', "ignore[0]"),
        ('[[ignore]]\nreason = "x"\nreference = "three"\n', "ignore[0].reference"),
        ('[[ignore]]\nreason = "x"\nline = 3\n', "ignore[0].line"),
        ("mailto = \n", "not valid TOML"),
    ],
)
def test_bad_keys_and_values_are_named(tmp_path: Path, text: str, named: str) -> None:
    write(tmp_path / "refcheck.toml", text)
    with pytest.raises(ConfigError) as info:
        load_settings([str(tmp_path / "p.md")], environ={}, cwd=tmp_path)
    assert named in str(info.value)
    assert "refcheck.toml" in str(info.value)


def test_bad_environment_and_flags_are_named(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="REFCHECK_FORMAT"):
        load_settings([], environ={"REFCHECK_FORMAT": "yaml"}, cwd=tmp_path)
    with pytest.raises(ConfigError, match="--fail-on"):
        load_settings([], {"fail_on": "maybe"}, environ={}, cwd=tmp_path)
    with pytest.raises(ConfigError, match="--config"):
        load_settings([], environ={}, cwd=tmp_path, config_file=Path("missing.toml"))


def test_explicit_config_and_isolation(tmp_path: Path) -> None:
    write(tmp_path / "refcheck.toml", "offline = true\n")
    other = write(tmp_path / "elsewhere" / "ci.toml", 'mailto = "ci@example.org"\n')
    settings = load_settings([str(tmp_path / "p.md")], environ={}, cwd=tmp_path, config_file=other)
    assert settings.mailto == "ci@example.org" and settings.offline is False
    isolated = load_settings([str(tmp_path / "p.md")], environ={}, cwd=tmp_path, use_config=False)
    assert isolated.offline is False and isolated.config_file is None


def test_ignores_from_file_and_flags(tmp_path: Path) -> None:
    write(
        tmp_path / "pyproject.toml",
        '[tool.refcheck]\n[[tool.refcheck.ignore]]\nreference = 2\nreason = "known erratum"\n'
        '[[tool.refcheck.ignore]]\ndoi = "https://doi.org/10.1000/ABC"\nreason = "ok"\n',
    )
    settings = load_settings(
        [str(tmp_path / "p.md")], {"ignores": [ignore_from_flag("rc105")]}, environ={}, cwd=tmp_path
    )
    assert settings.ignores == (
        Ignore(reason="known erratum", reference=2),
        Ignore(reason="ok", doi="10.1000/abc"),
        Ignore(reason="--ignore on the command line", code="RC105"),
    )
    assert ignore_from_flag("12").reference == 12
    assert ignore_from_flag("doi:10.1/X").doi == "10.1/x"
    with pytest.raises(ConfigError, match="--ignore"):
        ignore_from_flag("everything")


def test_show_settings_rows_say_where_values_came_from(tmp_path: Path) -> None:
    write(tmp_path / "refcheck.toml", 'mailto = "lab@example.org"\n')
    settings = load_settings([str(tmp_path / "p.md")], {"offline": True}, environ={}, cwd=tmp_path)
    rows = {name: (value, source) for name, value, source in describe_settings(settings)}
    assert rows["mailto"] == ("lab@example.org", str(tmp_path / "refcheck.toml"))
    assert rows["offline"] == ("True", "--offline")
    assert rows["no-cache"] == ("False", "default")
    assert rows["fail-on"] == ("error", "default")
    assert rows["config file"][0] == str(tmp_path / "refcheck.toml")


def test_apply_ignores_skips_references_and_drops_codes() -> None:
    report = sample_report()
    out = apply_ignores(report, [Ignore("erratum known", reference=3)])
    assert out.files[0].references[2].status is Status.SKIPPED
    assert out.files[0].references[2].findings == ()
    assert out.files[0].references[1] == report.files[0].references[1]

    # dropping the only error of a mismatch makes it verified; the warning stays
    out = apply_ignores(report, [Ignore("printer's error", code="RC102", reference=2)])
    ref = out.files[0].references[1]
    assert ref.status is Status.VERIFIED
    assert ref.findings == (PAGES,)
    assert out.files[0].findings == (UNCITED,)  # a reference-scoped code rule spares the document

    out = apply_ignores(report, [Ignore("style", code="RC402")])
    assert out.files[0].findings == ()

    by_doi = apply_ignores(report, [Ignore("x", doi="10.1111/j.1529-8019.2012.01492.x")])
    assert by_doi.files[0].references[1].status is Status.SKIPPED

    only_other_file = apply_ignores(report, [Ignore("x", reference=2, path="other.md")])
    assert only_other_file == report
    by_glob = apply_ignores(report, [Ignore("x", code="RC102", path="*.md")])
    assert by_glob.files[0].references[1].findings == (PAGES,)


def test_apply_ignores_keeps_an_error_that_remains() -> None:
    second = YEAR.__class__("RC101", YEAR.field, YEAR.severity, "author differs", "A", "B")
    report = Report(
        files=(FileReport("p.md", (checked(1, "x", 1, Status.MISMATCH, (YEAR, second)),)),)
    )
    out = apply_ignores(report, [Ignore("x", code="RC102")])
    assert out.files[0].references[0].status is Status.MISMATCH
    assert out.files[0].references[0].findings == (second,)


def test_unused_ignores_are_reported() -> None:
    report = sample_report()
    rules = [
        Ignore("used", reference=2),
        Ignore("used", code="RC102"),
        Ignore("used", code="RC402"),
        Ignore("no such reference", reference=99),
        Ignore("code not found there", code="RC102", reference=1),
        Ignore("other file", code="RC102", path="other.md"),
    ]
    assert [r.reason for r in unused_ignores(report, rules)] == [
        "no such reference",
        "code not found there",
        "other file",
    ]


@pytest.mark.parametrize(
    ("given", "meant"),
    [
        ("bibtex", "bib"),
        ("markdown", "md"),
        ("BBL", "tex"),
        ("latex", "tex"),
        (".TXT", "txt"),
        # Every suffix refcheck reads by is a name of its format.
        ("Rmd", "md"),
        (".qmd", "md"),
    ],
)
def test_input_formats_go_by_their_other_names(tmp_path: Path, given: str, meant: str) -> None:
    settings = load_settings([], {"input_format": given}, environ={}, cwd=tmp_path)
    assert settings.input_format == meant
