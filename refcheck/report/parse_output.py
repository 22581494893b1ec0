"""The output of ``refcheck parse``: ``table`` for people, ``json`` per the contract."""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from typing import Literal

from refcheck.errors import ConfigError
from refcheck.models import Document, ParsedReference
from refcheck.report.serialize import parse_output_to_json

PARSE_FORMAT_NAMES: tuple[str, ...] = ("table", "json")


def format_parse(
    documents: Sequence[tuple[Document, tuple[ParsedReference, ...]]],
    name: Literal["table", "json"],
    *,
    color: bool = False,
    width: int | None = None,
) -> str:
    """Render parsed documents; ``color``/``width`` matter to ``table`` only."""
    if name == "json":
        return json.dumps(parse_output_to_json(documents), ensure_ascii=False, indent=1) + "\n"
    if name == "table":
        from rich.console import Console

        from refcheck.report.parse_table import render_parse_table

        buffer = io.StringIO()
        console = Console(
            file=buffer,
            force_terminal=color,
            no_color=not color,
            color_system="auto" if color else None,
            width=width or 160,
            highlight=False,
        )
        render_parse_table(documents, console)
        return buffer.getvalue()
    raise ConfigError(f"unknown format {name!r} for parse (choose from table, json)")
