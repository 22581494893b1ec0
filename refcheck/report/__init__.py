"""report stage: formatters chosen by name (``get_formatter``), exit codes, parse output."""

from __future__ import annotations

from refcheck.errors import ConfigError
from refcheck.report.exit_codes import DEFAULT_FAIL_ON, FailOn, exit_code
from refcheck.report.github import GithubFormatter
from refcheck.report.interface import Formatter
from refcheck.report.json_format import JsonFormatter, JsonLinesFormatter
from refcheck.report.junit import JunitFormatter
from refcheck.report.markdown import MarkdownFormatter
from refcheck.report.parse_output import PARSE_FORMAT_NAMES, format_parse
from refcheck.report.sarif import SarifFormatter
from refcheck.report.table import TableFormatter

#: Every ``--format`` of ``refcheck check``, in the order the help lists them.
FORMAT_NAMES: tuple[str, ...] = (
    "table",
    "json",
    "jsonl",
    "github",
    "sarif",
    "junit",
    "markdown",
)


def get_formatter(name: str, *, color: bool = False, width: int | None = None) -> Formatter:
    """The formatter called ``name``; ``color`` and ``width`` matter to ``table`` only.

    Raises ``ConfigError`` for an unknown name.
    """
    if name == "table":
        return TableFormatter(color=color, width=width)
    formatters: dict[str, Formatter] = {
        "json": JsonFormatter(),
        "jsonl": JsonLinesFormatter(),
        "github": GithubFormatter(),
        "sarif": SarifFormatter(),
        "junit": JunitFormatter(),
        "markdown": MarkdownFormatter(),
    }
    try:
        return formatters[name]
    except KeyError:
        raise ConfigError(
            f"unknown format {name!r} (choose from {', '.join(FORMAT_NAMES)})"
        ) from None


__all__ = [
    "DEFAULT_FAIL_ON",
    "FORMAT_NAMES",
    "PARSE_FORMAT_NAMES",
    "FailOn",
    "Formatter",
    "exit_code",
    "format_parse",
    "get_formatter",
]
