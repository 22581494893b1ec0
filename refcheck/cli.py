"""The command line: options -> settings -> pipeline -> formatter -> exit code. Nothing else."""

from __future__ import annotations

import json
import os
import sys
from datetime import timedelta
from pathlib import Path
from typing import Annotated

import typer

from refcheck import __version__
from refcheck.errors import RefcheckError

app = typer.Typer(
    name="refcheck",
    help="Check a manuscript's reference list against Crossref.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

EXIT_USAGE = 2

PathsArg = Annotated[
    list[str],
    typer.Argument(help="Manuscripts to read (txt, md, docx, tex, pdf, bib); '-' for stdin."),
]
InputFormatOpt = Annotated[
    str | None,
    typer.Option("--input-format", help="Read every input as this format instead of by extension."),
]


def _fail(message: str) -> typer.Exit:
    typer.echo(f"refcheck: error: {message}", err=True)
    return typer.Exit(EXIT_USAGE)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"refcheck {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Check a manuscript's Vancouver/NLM reference list against Crossref."""


@app.command()
def parse(
    paths: PathsArg,
    output_format: Annotated[
        str, typer.Option("--format", "-f", help="Output format: table or json.")
    ] = "table",
    input_format: InputFormatOpt = None,
) -> None:
    """Read the reference list into fields. Never uses the network."""
    from refcheck.pipeline import parse_documents, read_documents
    from refcheck.report.serialize import parse_output_to_json

    if output_format not in ("table", "json"):
        raise _fail(f"unknown format {output_format!r} for parse (table, json)")
    try:
        parsed = parse_documents(read_documents(paths, input_format=input_format))
    except RefcheckError as exc:
        raise _fail(str(exc)) from None
    for item in parsed:
        for warning in item.document.warnings:
            typer.echo(f"refcheck: warning: {item.document.path}: {warning}", err=True)
    if output_format == "json":
        pairs = [(p.document, p.references) for p in parsed]
        typer.echo(json.dumps(parse_output_to_json(pairs), ensure_ascii=False, indent=1))
        return
    from refcheck.report.parse_table import render_parse_table

    render_parse_table(parsed)


@app.command()
def check(
    paths: PathsArg,
    output_format: Annotated[
        str | None,
        typer.Option("--format", "-f", help="Output format (table, json).", show_default=False),
    ] = None,
    crossref_url: Annotated[
        str,
        typer.Option(envvar="REFCHECK_CROSSREF_URL", help="Base URL of a Crossref REST API."),
    ] = "https://api.crossref.org",
    mailto: Annotated[
        str | None,
        typer.Option(envvar="REFCHECK_MAILTO", help="Your e-mail: Crossref's polite pool."),
    ] = None,
    cache_dir: Annotated[Path | None, typer.Option(help="Cache folder.")] = None,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Neither read nor write the cache.")
    ] = False,
    offline: Annotated[bool, typer.Option("--offline", help="No network: cache only.")] = False,
    exit_zero: Annotated[
        bool, typer.Option("--exit-zero", help="Exit 0 unless usage error.")
    ] = False,
    input_format: InputFormatOpt = None,
) -> None:
    """Resolve every reference against Crossref and report what differs."""
    from refcheck.pipeline import check_documents, parse_documents, read_documents
    from refcheck.report.serialize import report_to_json
    from refcheck.resolve import build_source

    fmt = output_format or ("table" if sys.stdout.isatty() else "json")
    try:
        parsed = parse_documents(read_documents(paths, input_format=input_format))
        source = build_source(
            crossref_url=crossref_url,
            mailto=mailto,
            cache_dir=cache_dir,
            use_cache=not no_cache,
            offline=offline,
            cache_ttl=timedelta(days=30),
            on_warning=lambda m: typer.echo(f"refcheck: warning: {m}", err=True),
        )
        report = check_documents(parsed, source)
    except RefcheckError as exc:
        raise _fail(str(exc)) from None
    if fmt == "json":
        typer.echo(json.dumps(report_to_json(report), ensure_ascii=False, indent=1))
    statuses = {ref.status.value for f in report.files for ref in f.references}
    errors = any(
        finding.severity.value == "error"
        for f in report.files
        for finding in [*f.findings, *(x for r in f.references for x in r.findings)]
    )
    if exit_zero:
        code = 0
    elif errors or statuses & {"mismatch"}:
        code = 1
    elif "failed" in statuses:
        code = 3
    else:
        code = 0
    raise typer.Exit(code)


def main() -> None:
    """Console-script entry point."""
    if os.environ.get("NO_COLOR"):
        os.environ.setdefault("TERM", "dumb")
    app()
