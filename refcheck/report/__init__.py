"""report stage: formatters chosen by name (``get_formatter``), exit codes, parse output."""

from __future__ import annotations

from importlib import import_module

from refcheck.errors import ConfigError
from refcheck.report.exit_codes import DEFAULT_FAIL_ON, FailOn, exit_code
from refcheck.report.interface import Formatter
from refcheck.report.parse_output import PARSE_FORMAT_NAMES, format_parse

# name -> (module, class). Modules are imported on demand: a run pays only for the formatter
# it uses (rich alone costs a cold run more than a tenth of its start-up).
_FORMATTERS: dict[str, tuple[str, str]] = {
    "table": ("refcheck.report.table", "TableFormatter"),
    "json": ("refcheck.report.json_format", "JsonFormatter"),
    "jsonl": ("refcheck.report.json_format", "JsonLinesFormatter"),
    "github": ("refcheck.report.github", "GithubFormatter"),
    "sarif": ("refcheck.report.sarif", "SarifFormatter"),
    "junit": ("refcheck.report.junit", "JunitFormatter"),
    "markdown": ("refcheck.report.markdown", "MarkdownFormatter"),
}

#: Every ``--format`` of ``refcheck check``, in the order the help lists them.
FORMAT_NAMES: tuple[str, ...] = tuple(_FORMATTERS)


def get_formatter(name: str, *, color: bool = False, width: int | None = None) -> Formatter:
    """The formatter called ``name``; ``color`` and ``width`` matter to ``table`` only.

    Raises ``ConfigError`` for an unknown name.
    """
    try:
        module_name, class_name = _FORMATTERS[name]
    except KeyError:
        raise ConfigError(
            f"unknown format {name!r} (choose from {', '.join(FORMAT_NAMES)})"
        ) from None
    formatter_class = getattr(import_module(module_name), class_name)
    if name == "table":
        formatter: Formatter = formatter_class(color=color, width=width)
    else:
        formatter = formatter_class()
    return formatter


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
