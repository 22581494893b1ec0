"""The command line: options -> settings -> pipeline -> formatter -> exit code. Nothing else.

Data goes to stdout (or ``--output``, written atomically); messages for people go to stderr.
Exit codes: 0 fine, 1 findings at or above ``--fail-on``, 2 usage / configuration / input,
3 some look-ups failed and nothing else did (see ``refcheck.report.exit_codes``).
"""

from __future__ import annotations

import contextlib
import gc
import os
import sys
from collections.abc import Iterator, Mapping, Sequence
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, TextIO

import typer

from refcheck import PROJECT_URL, __version__
from refcheck.errors import RefcheckError

if TYPE_CHECKING:
    from refcheck.config import Settings
    from refcheck.extract.source import InputSource
    from refcheck.fix.apply import FixedFile
    from refcheck.models import CheckedReference, Report
    from refcheck.pipeline import ParsedDocument
    from refcheck.replay import Outcome
    from refcheck.resolve.interface import WorkSource

app = typer.Typer(
    name="refcheck",
    help="Check a manuscript's reference list against Crossref.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # Plain click help: typer's rich help imports rich.markdown and rich.traceback, which
    # made `refcheck --help` cost 0.2 s of CPU (0.1 s with plain help).
    rich_markup_mode=None,
)

EXIT_USAGE = 2
EXIT_BROKEN_PIPE = 141

# --------------------------------------------------------------------------- options

PathsArg = Annotated[
    list[str] | None,
    typer.Argument(
        help="Manuscripts to read (txt, md, docx, tex, pdf, bib, ris); '-' for stdin.",
        show_default=False,
    ),
]
InputFormatOpt = Annotated[
    str | None,
    typer.Option("--input-format", help="Read every input as this format instead of by suffix."),
]


def _dash_is_stdout(value: Path | None) -> Path | None:
    # "-o -" means standard output, as "-" does for inputs (not a file named "-").
    return None if value is not None and str(value) == "-" else value


OutputOpt = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        help="Write to FILE (atomically) instead of stdout ('-': stdout).",
        callback=_dash_is_stdout,
    ),
]
CrossrefUrlOpt = Annotated[
    str | None,
    typer.Option(
        "--crossref-url",
        help="Base URL of a Crossref REST API (env REFCHECK_CROSSREF_URL; "
        "default https://api.crossref.org).",
        show_default=False,
    ),
]
MailtoOpt = Annotated[
    str | None,
    typer.Option("--mailto", help="Your e-mail, for Crossref's polite pool (env REFCHECK_MAILTO)."),
]
CacheDirOpt = Annotated[
    Path | None,
    typer.Option("--cache-dir", help="Cache folder (env REFCHECK_CACHE_DIR; default: user cache)."),
]
NoCacheOpt = Annotated[bool, typer.Option("--no-cache", help="Neither read nor write the cache.")]
OfflineOpt = Annotated[
    bool, typer.Option("--offline", help="No network: answers from the cache or unresolved.")
]
CacheTtlOpt = Annotated[
    float | None,
    typer.Option("--cache-ttl", help="Days a cached answer stays fresh (default 30).", min=0),
]
ConfigOpt = Annotated[
    Path | None,
    typer.Option("--config", help="Read settings from this TOML file instead of searching."),
]
IsolatedOpt = Annotated[
    bool, typer.Option("--isolated", help="Ignore refcheck.toml and pyproject.toml.")
]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="No progress or summary on stderr.")]


def one_line(message: str) -> str:
    """``message`` with control characters (a newline in a file name) escaped: every
    message is one line, so scripts and CI logs can read it."""
    if message.isprintable():
        return message
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in message)


def _fail(message: str) -> typer.Exit:
    typer.echo(f"refcheck: error: {one_line(message)}", err=True)
    return typer.Exit(EXIT_USAGE)


# Lines a check writes to stderr, noted while ``check`` records its outcome for a replay.
_said: list[str] | None = None


def _say(line: str) -> None:
    """Write ``line`` to stderr (a message for people), noting it when a run is recorded."""
    if _said is not None:
        _said.append(line)
    typer.echo(line, err=True)


def _warn(message: str) -> None:
    _say(f"refcheck: warning: {one_line(message)}")


def wants_color(stream: TextIO, environ: Mapping[str, str] | None = None) -> bool:
    """Colour only on a terminal, and never when ``NO_COLOR`` is set (https://no-color.org)."""
    environ = os.environ if environ is None else environ
    if environ.get("NO_COLOR"):
        return False
    if environ.get("TERM") == "dumb":
        return False
    return stream.isatty()


def _terminal_width() -> int:
    import shutil

    return max(60, shutil.get_terminal_size().columns)


def _emit(text: str, output: Path | None) -> None:
    from refcheck.report.output import write_atomically

    if output is not None:
        write_atomically(output, text)
        return
    if _stdout_closed:
        raise _fail("standard output is closed; give --output FILE")
    try:
        try:
            sys.stdout.write(text)
        except UnicodeEncodeError:
            # A console that cannot show every letter (cp1252 on Windows) gets '?' for those
            # few, not a traceback instead of the whole report.
            encoding = sys.stdout.encoding or "utf-8"
            sys.stdout.write(text.encode(encoding, "replace").decode(encoding))
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader went away (`refcheck check ... | head`). Say so the way a program killed
        # by SIGPIPE does (128 + 13), not with 1, which means "findings" here; and point
        # stdout at /dev/null so the interpreter's last flush cannot fail again.
        with contextlib.suppress(OSError, ValueError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        raise typer.Exit(EXIT_BROKEN_PIPE) from None
    except OSError as exc:
        # A full disk (`> /dev/full`), a quota, an I/O error: the report is lost, so say
        # which stream failed; stdout goes to /dev/null so the last flush cannot fail again.
        with contextlib.suppress(OSError, ValueError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        raise _fail(f"cannot write to standard output: {exc.strerror or exc}") from None


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


# --------------------------------------------------------------------------- shared steps


def _require_paths(paths: Sequence[str] | None) -> list[str]:
    if not paths:
        raise _fail("give at least one manuscript (or '-' for standard input)")
    if list(paths).count("-") > 1:
        raise _fail("standard input ('-') can be read only once")
    return list(paths)


def _load(
    paths: Sequence[str], flags: Mapping[str, Any], config: Path | None, isolated: bool
) -> Settings:
    from refcheck.config import load_settings

    return load_settings(paths, flags, config_file=config, use_config=not isolated)


def _read_and_parse(paths: Sequence[str], input_format: str | None) -> list[ParsedDocument]:
    return _read_sources(paths, input_format)[1]


def _read_sources(
    paths: Sequence[str], input_format: str | None, read: Sequence[bytes] | None = None
) -> tuple[list[InputSource], list[ParsedDocument]]:
    """Each input as read, and its parsed document (its warnings shown). ``read``: the
    inputs' bytes when they were read already (for the replay's key)."""
    from refcheck.extract import extract_document, read_input
    from refcheck.pipeline import parse_documents

    sources = [
        read_input(path, data=None if read is None else read[index])
        for index, path in enumerate(paths)
    ]
    parsed = parse_documents([extract_document(source, input_format) for source in sources])
    for item in parsed:
        path = item.document.path
        for warning in item.document.warnings:
            _warn(warning if warning.startswith(path) else f"{path}: {warning}")
    return sources, parsed


def _lookup_flags(
    crossref_url: str | None,
    mailto: str | None,
    cache_dir: Path | None,
    no_cache: bool,
    offline: bool,
    cache_ttl: float | None,
    input_format: str | None,
) -> dict[str, Any]:
    """The settings flags every command that looks references up shares (None: not given)."""
    return {
        "crossref_url": crossref_url,
        "mailto": mailto,
        "cache_dir": cache_dir,
        "use_cache": False if no_cache else None,
        "offline": offline or None,
        "cache_ttl": cache_ttl,
        "input_format": input_format,
    }


def _source(settings: Settings, verbose: bool, quiet: bool = False) -> WorkSource:
    from refcheck.resolve import build_source

    return build_source(
        crossref_url=settings.crossref_url,
        mailto=settings.mailto,
        cache_dir=settings.cache_dir,
        use_cache=settings.use_cache,
        offline=settings.offline,
        cache_ttl=timedelta(days=settings.cache_ttl),
        timeout=settings.timeout,
        max_retries=settings.retries,
        network_deadline=settings.network_deadline,
        on_warning=_warn,
        on_event=(lambda m: typer.echo(f"refcheck: {m}", err=True)) if verbose else None,
        # Not ``_say``: a replay asks Crossref nothing, so the note is not kept for one.
        # Advice, not a warning: --quiet leaves it out.
        on_notice=None
        if quiet
        else lambda m: typer.echo(f"refcheck: note: {one_line(m)}", err=True),
    )


class _Progress:
    """A progress bar on stderr (pipeline ``Observer``), only when stderr is a terminal."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        console = Console(file=sys.stderr, no_color=not wants_color(sys.stderr))
        self._bar = Progress(
            TextColumn("checking references"),
            BarColumn(),
            MofNCompleteColumn(),
            console=console,
            transient=True,
        )
        self._task = self._bar.add_task("check", total=None)

    def started(self, total: int) -> None:
        self._bar.update(self._task, total=total)
        self._bar.start()

    def reference_done(self, checked: CheckedReference) -> None:
        self._bar.advance(self._task)

    def stop(self) -> None:
        self._bar.stop()


def _check(
    parsed: Sequence[ParsedDocument],
    settings: Settings,
    quiet: bool,
    verbose: bool,
    source: WorkSource | None = None,
) -> Report:
    from refcheck.config import apply_ignores, unused_ignores
    from refcheck.pipeline import check_documents

    source = _source(settings, verbose, quiet) if source is None else source
    progress = _Progress() if not quiet and sys.stderr.isatty() else None
    try:
        report = check_documents(parsed, source, observer=progress)
    finally:
        if progress is not None:
            progress.stop()
    for rule in unused_ignores(report, settings.ignores):
        _warn(f"ignore rule matched nothing: {rule.describe()}")
    return apply_ignores(report, settings.ignores)


def _print_settings(settings: Settings) -> None:
    from rich.console import Console
    from rich.table import Table

    from refcheck.config import describe_settings

    table = Table(title="refcheck settings in force", title_justify="left")
    for column in ("setting", "value", "from"):
        table.add_column(column, overflow="fold")
    for row in describe_settings(settings):
        table.add_row(*row)
    Console(no_color=not wants_color(sys.stdout), highlight=False, width=120).print(table)


# --------------------------------------------------------------------------- commands


@app.command(short_help="Read the reference list into fields. Never uses the network.")
def parse(
    paths: PathsArg = None,
    output_format: Annotated[
        str, typer.Option("--format", "-f", help="Output format: table or json.")
    ] = "table",
    output: OutputOpt = None,
    input_format: InputFormatOpt = None,
) -> None:
    """Read the reference list into fields. Never uses the network."""
    from refcheck.report import PARSE_FORMAT_NAMES, format_parse
    from refcheck.report.output import check_output_targets

    try:
        files = _require_paths(paths)
        if output_format not in PARSE_FORMAT_NAMES:
            raise _fail(f"--format: unknown format {output_format!r} for parse (table, json)")
        check_output_targets(files, {"--output": output})
        parsed = _read_and_parse(files, input_format)
        pairs = [(p.document, p.references) for p in parsed]
        to_terminal = output is None and sys.stdout.isatty()
        text = format_parse(
            pairs,
            "json" if output_format == "json" else "table",
            color=output is None and wants_color(sys.stdout),
            width=_terminal_width() if to_terminal else None,
        )
        _emit(text, output)
    except RefcheckError as exc:
        raise _fail(str(exc)) from None


@app.command(short_help="Resolve every reference against Crossref and report what differs.")
def check(
    paths: PathsArg = None,
    output_format: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            help="table, json, jsonl, github, sarif, junit or markdown "
            "(env REFCHECK_FORMAT; default: table on a terminal, json otherwise).",
            show_default=False,
        ),
    ] = None,
    output: OutputOpt = None,
    fail_on: Annotated[
        str | None,
        typer.Option(
            "--fail-on",
            help="Exit 1 on findings at or above: error, warning, unresolved or never "
            "(env REFCHECK_FAIL_ON; default error).",
            show_default=False,
        ),
    ] = None,
    exit_zero: Annotated[
        bool, typer.Option("--exit-zero", help="Exit 0 whatever was found (2 stays 2).")
    ] = False,
    crossref_url: CrossrefUrlOpt = None,
    mailto: MailtoOpt = None,
    cache_dir: CacheDirOpt = None,
    no_cache: NoCacheOpt = False,
    offline: OfflineOpt = False,
    cache_ttl: CacheTtlOpt = None,
    bibtex: Annotated[
        Path | None,
        typer.Option("--bibtex", help="Also write the checked references as BibTeX to FILE."),
    ] = None,
    ignore: Annotated[
        list[str] | None,
        typer.Option(
            "--ignore",
            help="Ignore a finding code (RC102), a reference number or a DOI; repeatable.",
        ),
    ] = None,
    config: ConfigOpt = None,
    isolated: IsolatedOpt = False,
    show_settings: Annotated[
        bool,
        typer.Option(
            "--show-settings",
            help="Print the settings in force and where they come from, then exit.",
        ),
    ] = False,
    input_format: InputFormatOpt = None,
    quiet: QuietOpt = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Report retries and rate limits on stderr.")
    ] = False,
) -> None:
    """Resolve every reference against Crossref and report what differs."""
    from refcheck.config import ignore_from_flag
    from refcheck.report import exit_code, get_formatter
    from refcheck.report.output import check_output_targets, write_atomically

    try:
        if quiet and verbose:
            raise _fail("--quiet and --verbose contradict each other; give one")
        flags = _lookup_flags(
            crossref_url, mailto, cache_dir, no_cache, offline, cache_ttl, input_format
        ) | {
            "format": output_format,
            "output": output,
            "fail_on": fail_on,
            "exit_zero": exit_zero or None,
            "bibtex": bibtex,
            "ignores": [ignore_from_flag(item) for item in ignore] if ignore else None,
        }
        settings = _load(paths or [], flags, config, isolated)
        if show_settings:
            _print_settings(settings)
            raise typer.Exit(0)
        files = _require_paths(paths)
        if settings.bibtex is not None and str(settings.bibtex) == "-":
            raise _fail("--bibtex needs a file name; 'refcheck bibtex' writes to standard output")
        check_output_targets(files, {"--output": settings.output, "--bibtex": settings.bibtex})
        to_terminal = settings.output is None and sys.stdout.isatty()
        name = settings.resolved_format(to_terminal)
        color = settings.output is None and wants_color(sys.stdout)
        read = _replayable_inputs(files, settings, verbose)
        key = _replay_key(files, settings, name, color, to_terminal, quiet, verbose, read)
        if key is not None:
            _replay(key, settings)
        formatter = get_formatter(name, color=color)
        outputs: list[tuple[str, str, str]] = []
        with _recording() as said:
            _, parsed = _read_sources(files, settings.input_format, read)
            source = _source(settings, verbose, quiet)
            report = _check(parsed, settings, quiet, verbose, source)
            text = formatter.render(report)
            _emit(text, settings.output)
            report_at = len(said)
            if settings.output is not None:
                outputs.append(("--output", str(settings.output), text))
            if settings.bibtex is not None:
                from refcheck.export import to_bibtex

                references = [ref for file in report.files for ref in file.references]
                entries = [entry for item in parsed for entry in item.document.bib_entries]
                bib = to_bibtex(references, sources=entries)
                write_atomically(settings.bibtex, bib, option="--bibtex")
                outputs.append(("--bibtex", str(settings.bibtex), bib))
            code = exit_code(report, settings.fail_on, settings.exit_zero)
            if not quiet and formatter.machine_readable and sys.stderr.isatty():
                # Machine output may be piped away; a person watching still sees the outcome.
                counts = report.summary()
                shown = ", ".join(
                    f"{counts[k]} {k}" for k in counts if k != "references" and counts[k]
                )
                _say(f"refcheck: {counts['references']} references: {shown or 'none'}")
        # The key names the bytes the run read (read once, for both): a manuscript saved
        # during the check is checked afresh next time, under its own key.
        if key is not None:
            from refcheck.replay import Outcome

            outcome = Outcome(
                messages=tuple(said),
                stdout=text if settings.output is None else None,
                files=tuple(outputs),
                exit_code=code,
                report_at=report_at,
            )
            _remember(key, outcome, report, source, settings)
    except RefcheckError as exc:
        raise _fail(str(exc)) from None
    raise typer.Exit(code)


# --------------------------------------------------------------------------- replay


@contextlib.contextmanager
def _recording() -> Iterator[list[str]]:
    """Note every line written to stderr meanwhile (for a replay of this run)."""
    global _said
    said: list[str] = []
    _said = said
    try:
        yield said
    finally:
        _said = None


def _replayable_inputs(
    files: Sequence[str], settings: Settings, verbose: bool
) -> list[bytes] | None:
    """The inputs' bytes, read once for the replay's key and the run; None when the run is
    not kept (``_replay_key``) or an input cannot be read that way (``replay.input_bytes``)."""
    if not settings.use_cache or verbose:
        return None
    from refcheck.replay import input_bytes

    return input_bytes(files)


def _replay_key(
    files: Sequence[str],
    settings: Settings,
    name: str,
    color: bool,
    to_terminal: bool,
    quiet: bool,
    verbose: bool,
    read: Sequence[bytes] | None,
) -> str | None:
    """The key under which this check's outcome is kept (``refcheck.replay``), or None when
    it is not kept: no cache, ``--verbose`` (which shows the network at work), or inputs
    that were not read for it (``read`` None: see ``_replayable_inputs``)."""
    if read is None or not settings.use_cache or verbose:
        return None
    from refcheck.replay import run_key

    context = {
        "command": "check",
        "settings": repr(settings),
        "format": name,
        "color": color,
        "width": _terminal_width() if to_terminal else None,
        "quiet": quiet,
        "stderr_is_terminal": sys.stderr.isatty(),
        "stdout_encoding": sys.stdout.encoding,
        "environment": {variable: os.environ.get(variable) for variable in _OUTPUT_VARIABLES},
        # CI formats name inputs by their path from the working folder (relative paths
        # are read from it too).
        "cwd": _working_folder(),
    }
    return run_key(context, files, read)


def _working_folder() -> str | None:
    try:
        return os.getcwd()
    except OSError:  # removed while we stand in it
        return None


# Variables that change what a report looks like (besides refcheck's own settings).
_OUTPUT_VARIABLES = ("NO_COLOR", "FORCE_COLOR", "TERM", "COLUMNS", "LINES")


def _replay(key: str, settings: Settings) -> None:
    """Give the kept outcome again and exit, if there is one and it still holds."""
    from refcheck.cachefile import cache_file
    from refcheck.replay import replay

    outcome = replay(cache_file(settings.cache_dir), key)
    if outcome is None:
        return
    from refcheck.report.output import write_atomically

    before = outcome.messages[: outcome.report_at]
    for line in before:
        typer.echo(line, err=True)
    if outcome.stdout is not None:
        _emit(outcome.stdout, None)
    for option, path, text in outcome.files:
        write_atomically(Path(path), text, option=option)
    for line in outcome.messages[len(before) :]:
        typer.echo(line, err=True)
    raise typer.Exit(outcome.exit_code)


def _remember(
    key: str, outcome: Outcome, report: Report, source: WorkSource, settings: Settings
) -> None:
    """Keep a finished check for a replay, unless a look-up failed (errors are not kept)."""
    from refcheck.models import Status
    from refcheck.resolve import answers_consulted

    if any(ref.status is Status.FAILED for file in report.files for ref in file.references):
        return
    consulted = answers_consulted(source)
    if consulted is None:
        return
    from refcheck.cachefile import cache_file
    from refcheck.replay import remember

    remember(cache_file(settings.cache_dir), key, outcome, consulted, offline=settings.offline)


@app.command(
    "bibtex",
    short_help="Write the reference list as BibTeX (or CSL-JSON), fields from the matched records.",
)
def bibtex_command(
    paths: PathsArg = None,
    output: OutputOpt = None,
    output_format: Annotated[
        str, typer.Option("--format", "-f", help="bibtex or csl-json.")
    ] = "bibtex",
    no_resolve: Annotated[
        bool,
        typer.Option("--no-resolve", help="Export from the parse alone: no Crossref look-ups."),
    ] = False,
    escape_non_ascii: Annotated[
        bool,
        typer.Option("--ascii", help="Write accented letters as LaTeX commands (BibTeX only)."),
    ] = False,
    crossref_url: CrossrefUrlOpt = None,
    mailto: MailtoOpt = None,
    cache_dir: CacheDirOpt = None,
    no_cache: NoCacheOpt = False,
    offline: OfflineOpt = False,
    cache_ttl: CacheTtlOpt = None,
    config: ConfigOpt = None,
    isolated: IsolatedOpt = False,
    input_format: InputFormatOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Write the reference list as BibTeX (or CSL-JSON), fields from the matched records."""
    from refcheck.export import EXPORT_FORMAT_NAMES, to_bibtex, to_csl_json
    from refcheck.models import CheckedReference, Status
    from refcheck.report.output import check_output_targets

    try:
        if output_format not in EXPORT_FORMAT_NAMES:
            raise _fail(f"--format: unknown format {output_format!r} (bibtex, csl-json)")
        if escape_non_ascii and output_format != "bibtex":
            raise _fail(f"--ascii applies to BibTeX only, not to --format {output_format}")
        files = _require_paths(paths)
        check_output_targets(files, {"--output": output})
        flags = _lookup_flags(
            crossref_url, mailto, cache_dir, no_cache, offline, cache_ttl, input_format
        )
        settings = _load(files, flags, config, isolated)
        parsed = _read_and_parse(files, settings.input_format)
        if no_resolve:
            references = [
                CheckedReference(parsed=ref, status=Status.SKIPPED, findings=ref.findings)
                for item in parsed
                for ref in item.references
            ]
        else:
            report = _check(parsed, settings, quiet, verbose=False)
            references = [ref for file in report.files for ref in file.references]
            failed = sum(ref.status is Status.FAILED for ref in references)
            if failed:
                _warn(f"{failed} look-ups failed; those entries come from the parse alone")
        if output_format == "csl-json":
            text = to_csl_json(references)
        else:
            # A .bib's entries were read with its references (standard input too).
            entries = [entry for item in parsed for entry in item.document.bib_entries]
            text = to_bibtex(references, escape_non_ascii=escape_non_ascii, sources=entries)
        _emit(text, output)
    except RefcheckError as exc:
        raise _fail(str(exc)) from None


@app.command("fix", short_help="Rewrite the reference list from the matched records, in a style.")
def fix_command(
    paths: PathsArg = None,
    style: Annotated[
        str, typer.Option("--style", help="Reference style: vancouver or ama.")
    ] = "vancouver",
    write: Annotated[
        bool,
        typer.Option(
            "--write",
            help="Change the files (atomically; a .docx gets a .fixed.docx copy). "
            "Without it nothing is written.",
        ),
    ] = False,
    no_backup: Annotated[
        bool, typer.Option("--no-backup", help="With --write, keep no FILE.bak copy.")
    ] = False,
    show_diff: Annotated[
        bool, typer.Option("--diff", help="Print the diff (the default without --write).")
    ] = False,
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", help="Print a summary of the changed fields; write nothing."),
    ] = False,
    only: Annotated[
        list[str] | None,
        typer.Option(
            "--only",
            help="Correct only this field (authors, title, journal, year, volume, issue, "
            "pages, doi); repeatable.",
        ),
    ] = None,
    complete: Annotated[
        bool,
        typer.Option(
            "--complete",
            help="Also add what the record has and the reference lacks: DOI, issue, last "
            "page, authors up to the style's limit.",
        ),
    ] = False,
    crossref_url: CrossrefUrlOpt = None,
    mailto: MailtoOpt = None,
    cache_dir: CacheDirOpt = None,
    no_cache: NoCacheOpt = False,
    offline: OfflineOpt = False,
    cache_ttl: CacheTtlOpt = None,
    config: ConfigOpt = None,
    isolated: IsolatedOpt = False,
    input_format: InputFormatOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Rewrite the reference list from the matched records, in a style.

    Prints a unified diff by default and changes nothing; --write changes the files.
    References that were not identified are left exactly as they are. A .bib field written
    with @string macros is compared by its value; a wrong one gets another @string of the file
    that says the record's value, else the value itself, with a note (docs/fix.md).
    """
    from refcheck.extract import format_of
    from refcheck.fix.apply import change_lines, first_refusal, fix_files
    from refcheck.fix.correct import fix_options

    try:
        options = fix_options(style, only or (), complete)
        if dry_run and write:
            raise _fail("--dry-run and --write contradict each other; give one")
        files = _require_paths(paths)
        if write:
            _check_write_targets(files)
        flags = _lookup_flags(
            crossref_url, mailto, cache_dir, no_cache, offline, cache_ttl, input_format
        )
        settings = _load(files, flags, config, isolated)
        read, parsed = _read_sources(files, settings.input_format)
        sources = [(source, format_of(source, settings.input_format)) for source in read]
        report = _check(parsed, settings, quiet, verbose=False)
        fixed_files = fix_files(sources, report, options)
        refused = first_refusal(fixed_files)
        if write and refused is not None:
            raise _fail(refused)  # before any file is written
        color = wants_color(sys.stdout)
        failed = 0
        for (source, fmt), fixed in zip(sources, fixed_files, strict=True):
            failed += fixed.failed_lookups
            if not quiet:
                for note in fixed.notes:
                    typer.echo(f"refcheck: {one_line(note)}", err=True)
            if dry_run:
                _emit(change_lines(fixed), None)
            elif fixed.kind == "list":
                _emit_corrected_list(fixed, fmt, warn=write and not quiet)
            else:
                _emit_fixed_file(
                    fixed,
                    source,
                    write=write,
                    show_diff=show_diff or not write,
                    quiet=quiet,
                    backup=not no_backup,
                    color=color,
                )
    except RefcheckError as exc:
        raise _fail(str(exc)) from None
    if failed:
        _warn(f"{failed} look-ups failed; those references are left as they are")
        raise typer.Exit(3)
    raise typer.Exit(0)


def _check_write_targets(files: Sequence[str]) -> None:
    """``--write`` rewrites files, each once: not standard input, not a file given twice."""
    if "-" in files:
        raise _fail("--write cannot rewrite standard input; give a file")
    if len({os.path.realpath(path) for path in files}) < len(files):
        # A second write would back up the first one's result over the original.
        raise _fail("--write: the same file is given twice")


def _emit_corrected_list(fixed: FixedFile, fmt: str, *, warn: bool) -> None:
    """A format ``fix`` does not rewrite (LaTeX, PDF, RIS): the corrected list, printed."""
    if warn:
        _warn(f"{fixed.path}: {fmt} is not rewritten; the corrected list follows")
    _emit(fixed.after, None)


def _emit_fixed_file(
    fixed: FixedFile,
    source: InputSource,
    *,
    write: bool,
    show_diff: bool,
    quiet: bool,
    backup: bool,
    color: bool,
) -> None:
    """A rewritable manuscript: its diff, and with ``write`` the file (or .docx copy) written."""
    from refcheck.fix.apply import save_fixed
    from refcheck.fix.diff import unified_diff

    if show_diff:
        _emit(unified_diff(fixed.before, fixed.after, fixed.path, color=color), None)
    if write and fixed.rewrites:
        saved = save_fixed(fixed, source.data, backup=backup)
        if not quiet:
            kept = f" (the original is in {saved})" if saved else ""
            typer.echo(f"refcheck: wrote {fixed.target}{kept}", err=True)
    elif write and not quiet:
        typer.echo(f"refcheck: {fixed.path}: nothing to change", err=True)


# Set by ``main`` when the process started without a standard output (`refcheck ... >&-`).
_stdout_closed = False


def main() -> None:
    """Console-script entry point."""
    global _stdout_closed
    # A closed standard stream is None in Python: every write or isatty() on it would be a
    # traceback. Messages to a closed stderr are dropped; data for a closed stdout is an
    # error (exit 2) at the moment it would be written.
    if sys.stdout is None:
        _stdout_closed = True
        sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - lives as long as the process
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
    # A short run allocates mostly objects that live until it ends (modules, patterns, the
    # journal table): collecting young objects less often, and not searching everything for
    # cycles again at exit, saves 35 ms of CPU of a warm re-run of 100 references (0.370 ->
    # 0.336 s). Garbage without cycles is freed at once as always.
    gc.set_threshold(5000, 20, 100)
    try:
        app()
    except KeyboardInterrupt:
        _interrupted()
    except SystemExit as exc:
        # typer turns Ctrl-C into exit status 130.
        if exc.code == 130:
            _interrupted()
        raise
    except Exception as exc:
        # The last resort: a bug must not greet a person with a traceback (nor exit 1,
        # which means "findings"). REFCHECK_DEBUG=1 shows it, for a bug report.
        if os.environ.get("REFCHECK_DEBUG"):
            raise
        detail = one_line(f"{type(exc).__name__}: {exc}")[:300]
        typer.echo(
            f"refcheck: error: internal error ({detail}); please report it at "
            f"{PROJECT_URL}/issues (REFCHECK_DEBUG=1 shows the traceback)",
            err=True,
        )
        raise SystemExit(EXIT_USAGE) from None
    finally:
        gc.freeze()


def _interrupted() -> NoReturn:
    """Stop now, with the conventional status of a process stopped by SIGINT.

    No traceback for a person, and no wait: a normal exit would join the look-up threads
    still waiting on Crossref (up to the time-out). Output files are complete or absent
    (atomic writes), and the cache survives an abrupt end (SQLite's journal).
    """
    typer.echo("refcheck: interrupted", err=True)
    with contextlib.suppress(Exception):
        sys.stdout.flush()
    with contextlib.suppress(Exception):
        sys.stderr.flush()
    os._exit(130)
