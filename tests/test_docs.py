"""The documentation keeps up with the code: every finding code and every CLI option."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import typer.main

from refcheck.cli import app

ROOT = Path(__file__).resolve().parents[1]
FINDINGS = ROOT / "docs" / "findings"

_CODE = re.compile(r"\bRC\d{3}\b")
# "codes RC401-RC499" in a docstring names a range, not a code.
_RANGE = re.compile(r"\bRC\d{3}\s*[-–]\s*RC\d{3}\b")


def codes_in_source() -> set[str]:
    codes: set[str] = set()
    for path in (ROOT / "refcheck").rglob("*.py"):
        text = _RANGE.sub("", path.read_text(encoding="utf-8"))
        codes.update(_CODE.findall(text))
    return codes


def documentation_text() -> str:
    pages = sorted((ROOT / "docs").rglob("*.md"))
    readme = ROOT / "README.md"
    if readme.is_file():
        pages.append(readme)
    return "\n".join(p.read_text(encoding="utf-8") for p in pages)


def test_the_code_scan_finds_codes() -> None:
    # Guards the test below against scanning nothing.
    assert {"RC102", "RC301"} <= codes_in_source()


@pytest.mark.parametrize("code", sorted(codes_in_source()))
def test_every_code_has_a_page(code: str) -> None:
    page = FINDINGS / f"{code}.md"
    assert page.is_file(), f"{code} is used in refcheck/ but docs/findings/{code}.md is missing"
    text = page.read_text(encoding="utf-8")
    assert text.startswith(f"# {code}"), f"{page.name} must start with '# {code}'"


@pytest.mark.parametrize("code", sorted(codes_in_source()))
def test_every_code_is_in_the_index(code: str) -> None:
    index = (FINDINGS / "README.md").read_text(encoding="utf-8")
    assert f"[{code}]({code}.md)" in index


def test_the_registry_holds_every_code_the_source_names() -> None:
    from refcheck.findings import all_codes

    assert set(all_codes()) == codes_in_source()


def test_pages_agree_with_the_registry() -> None:
    from refcheck.findings import all_codes

    for code in all_codes().values():
        text = (FINDINGS / f"{code.code}.md").read_text(encoding="utf-8")
        assert text.splitlines()[0] == f"# {code.code}: {code.name}"
        assert f"Severity: **{code.severity.value}**" in text, code.code
        assert f"field: `{code.field.value}`" in text, code.code


def test_the_index_links_only_to_pages_that_exist() -> None:
    index = (FINDINGS / "README.md").read_text(encoding="utf-8")
    for target in re.findall(r"\]\((RC\d{3}\.md)\)", index):
        assert (FINDINGS / target).is_file(), target


def cli_options() -> list[tuple[str, str]]:
    group = typer.main.get_command(app)
    out = [("refcheck", opt) for param in group.params for opt in param.opts]
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        for param in command.params:
            for opt in param.opts:
                if opt.startswith("--") and opt != "--help":
                    out.append((name, opt))
    return out


def test_the_option_scan_finds_options() -> None:
    assert ("check", "--fail-on") in cli_options()


@pytest.mark.parametrize(("command", "option"), cli_options())
def test_every_cli_option_is_documented(command: str, option: str) -> None:
    assert f"`{option}" in documentation_text(), f"refcheck {command} {option} is not documented"


def test_every_output_format_is_documented() -> None:
    from refcheck.report import FORMAT_NAMES

    formats = (ROOT / "docs" / "formats.md").read_text(encoding="utf-8")
    for name in FORMAT_NAMES:
        assert f"`{name}`" in formats


def test_index_names_agree_with_the_pages() -> None:
    index = (FINDINGS / "README.md").read_text(encoding="utf-8")
    for code, name in re.findall(r"\| \[(RC\d{3})\]\(RC\d{3}\.md\) \| ([\w-]+) \|", index):
        page = FINDINGS / f"{code}.md"
        if page.is_file():
            first = page.read_text(encoding="utf-8").splitlines()[0]
            assert first == f"# {code}: {name}", (code, first)


def test_ci_integration_files() -> None:
    action = (ROOT / "action.yml").read_text(encoding="utf-8")
    assert "using: composite" in action
    for name in ("paths:", "fail-on:", "mailto:"):
        assert f"\n  {name}" in action
    assert "refcheck check $REFCHECK_PATHS --format github" in action
    hooks = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    assert "- id: refcheck\n" in hooks
    pattern = re.search(r"files: (.+)", hooks)
    assert pattern is not None
    for name in ("paper.md", "thesis.tex", "refs.txt", "library.bib"):
        assert re.search(pattern.group(1), name)
    assert not re.search(pattern.group(1), "setup.py")
