"""Settings in force for one run: defaults < config file < environment < command-line flags.

The config file is ``refcheck.toml`` (top-level keys) or the ``[tool.refcheck]`` table of
``pyproject.toml``, whichever is found first from the first input's directory upwards (in one
directory, ``refcheck.toml`` wins). Keys are the long flag names without ``--``. Every value is
checked here; a wrong key or value raises ``ConfigError`` naming it (the CLI exits 2).
"""

from __future__ import annotations

import fnmatch
import ipaddress
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from refcheck.errors import ConfigError
from refcheck.models import CheckedReference, FileReport, Finding, Report, Severity, Status
from refcheck.report import FORMAT_NAMES
from refcheck.report.exit_codes import DEFAULT_FAIL_ON, FailOn

DEFAULT_CROSSREF_URL = "https://api.crossref.org"
DEFAULT_CACHE_TTL_DAYS = 30.0
MAX_CACHE_TTL_DAYS = 36500  # a century: "keep for ever" in practice
DEFAULT_TIMEOUT_SECONDS = 20.0
DEFAULT_RETRIES = 4
DEFAULT_NETWORK_DEADLINE_SECONDS = 30.0
MAX_RETRIES = 10
CONFIG_FILE_NAMES = ("refcheck.toml", "pyproject.toml")

_CODE = re.compile(r"^RC\d{3}$")


@dataclass(frozen=True, slots=True)
class Ignore:
    """One ignore rule. With ``code``, that finding code is dropped (from the references that
    ``reference``/``doi``/``path`` select, or everywhere); without it, the selected references
    are not checked (status ``skipped``)."""

    reason: str
    reference: int | None = None  # the number as printed
    doi: str | None = None  # lower-case
    code: str | None = None
    path: str | None = None  # a glob on the input path; None for every input

    def selects_file(self, path: str) -> bool:
        if self.path is None:
            return True
        normal = path.replace("\\", "/")
        return fnmatch.fnmatchcase(normal, self.path) or fnmatch.fnmatchcase(
            Path(normal).name, self.path
        )

    @property
    def selects_references(self) -> bool:
        return self.reference is not None or self.doi is not None

    def selects(self, ref: CheckedReference) -> bool:
        """Whether ``reference``/``doi`` pick ``ref`` (a rule with neither picks every one)."""
        if self.reference is not None and ref.parsed.raw.number != self.reference:
            return False
        if self.doi is not None:
            dois = {d.lower() for d in (ref.doi, ref.parsed.reference.doi) if d}
            if self.doi not in dois:
                return False
        return True

    def describe(self) -> str:
        parts = [
            f"{name}={value}"
            for name, value in (
                ("reference", self.reference),
                ("doi", self.doi),
                ("code", self.code),
                ("path", self.path),
            )
            if value is not None
        ]
        return f"{', '.join(parts)} ({self.reason})"


@dataclass(frozen=True, slots=True)
class Settings:
    """What a run uses. ``sources`` says where each non-default value came from."""

    format: str | None = None  # None: table on a terminal, json otherwise
    output: Path | None = None
    fail_on: FailOn = DEFAULT_FAIL_ON
    exit_zero: bool = False
    crossref_url: str = DEFAULT_CROSSREF_URL
    mailto: str | None = None
    cache_dir: Path | None = None  # None: the platform's user cache folder
    use_cache: bool = True
    offline: bool = False
    cache_ttl: float = DEFAULT_CACHE_TTL_DAYS  # days
    timeout: float = DEFAULT_TIMEOUT_SECONDS  # per Crossref request
    retries: int = DEFAULT_RETRIES  # after a failed Crossref request
    network_deadline: float = DEFAULT_NETWORK_DEADLINE_SECONDS  # with no answer from Crossref
    ignores: tuple[Ignore, ...] = ()
    bibtex: Path | None = None
    input_format: str | None = None
    config_file: Path | None = None
    sources: Mapping[str, str] = field(default_factory=dict, compare=False, hash=False)

    def source_of(self, name: str) -> str:
        return self.sources.get(name, "default")

    def resolved_format(self, stdout_is_terminal: bool) -> str:
        """The format in force: ``table`` on a terminal, ``json`` for programs, unless set."""
        if self.format is not None:
            return self.format
        return "table" if stdout_is_terminal else "json"


# --------------------------------------------------------------------------- value checks


def _as_str(key: str, value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{key}: expected a non-empty string, got {value!r}")
    return value.strip()


def _as_bool(key: str, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("1", "true", "yes", "on"):
        return True
    if isinstance(value, str) and value.strip().lower() in ("0", "false", "no", "off"):
        return False
    raise ConfigError(f"{key}: expected true or false, got {value!r}")


def _as_format(key: str, value: Any) -> str:
    name = _as_str(key, value)
    if name not in FORMAT_NAMES:
        raise ConfigError(f"{key}: unknown format {name!r} (choose from {', '.join(FORMAT_NAMES)})")
    return name


def _as_fail_on(key: str, value: Any) -> FailOn:
    name = _as_str(key, value) if not isinstance(value, FailOn) else value.value
    try:
        return FailOn(name.lower())
    except ValueError:
        choices = ", ".join(level.value for level in FailOn)
        raise ConfigError(f"{key}: unknown level {name!r} (choose from {choices})") from None


def _as_url(key: str, value: Any) -> str:
    url = _as_str(key, value)
    if not re.match(r"^https?://[^/\s]+", url):
        raise ConfigError(f"{key}: expected an http(s) URL, got {url!r}")
    # A URL the HTTP client cannot use is a setting to fix now (exit 2), not a look-up that
    # "failed" for every reference (exit 3, "retry later").
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port out of range
    except ValueError as exc:
        raise ConfigError(f"{key}: not a usable URL ({exc}): {url!r}") from None
    host = parts.hostname or ""
    if not host:
        raise ConfigError(f"{key}: the URL names no host: {url!r}")
    if re.fullmatch(r"[\d.]+", host):
        try:
            ipaddress.IPv4Address(host)
        except ValueError:
            raise ConfigError(f"{key}: not an IP address: {host!r}") from None
    return url.rstrip("/")


def _as_mailto(key: str, value: Any) -> str:
    address = _as_str(key, value)
    if address.lower().startswith("mailto:"):
        address = address[len("mailto:") :]
    if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", address):
        raise ConfigError(f"{key}: expected an e-mail address, got {address!r}")
    return address


def _as_days(key: str, value: Any) -> float:
    if isinstance(value, bool):
        raise ConfigError(f"{key}: expected a number of days, got {value!r}")
    if isinstance(value, str):
        try:
            value = float(value)
        except ValueError:
            raise ConfigError(f"{key}: expected a number of days, got {value!r}") from None
    # NaN fails the comparison; infinity and astronomic values would overflow the timedelta.
    if not isinstance(value, int | float) or not 0 <= value <= MAX_CACHE_TTL_DAYS:
        raise ConfigError(
            f"{key}: expected a number of days from 0 to {MAX_CACHE_TTL_DAYS}, got {value!r}"
        )
    return float(value)


def _as_seconds(key: str, value: Any) -> float:
    if isinstance(value, str):
        try:
            value = float(value)
        except ValueError:
            raise ConfigError(f"{key}: expected a number of seconds, got {value!r}") from None
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not 0 < value <= 3600  # NaN fails this too
    ):
        raise ConfigError(f"{key}: expected a number of seconds > 0 (at most 3600), got {value!r}")
    return float(value)


def _as_retries(key: str, value: Any) -> int:
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_RETRIES:
        raise ConfigError(f"{key}: expected a whole number from 0 to {MAX_RETRIES}, got {value!r}")
    return value


def _path_checker(base: Path | None) -> Callable[[str, Any], Path]:
    def check(key: str, value: Any) -> Path:
        path = value if isinstance(value, Path) else Path(_as_str(key, value)).expanduser()
        # A path in a config file means a path next to that file, wherever refcheck runs.
        if base is not None and not path.is_absolute():
            path = base / path
        return path

    return check


def _as_ignores(key: str, value: Any) -> tuple[Ignore, ...]:
    if isinstance(value, Mapping):
        value = [value]
    if not isinstance(value, list):
        raise ConfigError(f"{key}: expected a list of tables ([[...ignore]]), got {value!r}")
    out = []
    allowed = {"reason", "reference", "doi", "code", "path"}
    for index, entry in enumerate(value):
        where = f"{key}[{index}]"
        if isinstance(entry, Ignore):
            out.append(entry)
            continue
        if not isinstance(entry, Mapping):
            raise ConfigError(f"{where}: expected a table, got {entry!r}")
        unknown = sorted(set(entry) - allowed)
        if unknown:
            raise ConfigError(
                f"{where}.{unknown[0]}: unknown key (allowed: {', '.join(sorted(allowed))})"
            )
        if "reason" not in entry:
            raise ConfigError(f"{where}.reason: every ignore needs a reason")
        reason = _as_str(f"{where}.reason", entry["reason"])
        number = entry.get("reference")
        if number is not None and (
            isinstance(number, bool) or not isinstance(number, int) or number < 0
        ):
            raise ConfigError(f"{where}.reference: expected a reference number, got {number!r}")
        doi = entry.get("doi")
        if doi is not None:
            doi = _as_str(f"{where}.doi", doi).lower()
            doi = re.sub(r"^(https?://(dx\.)?doi\.org/|doi:\s*)", "", doi)
        code = entry.get("code")
        if code is not None:
            code = _as_str(f"{where}.code", code).upper()
            if not _CODE.match(code):
                raise ConfigError(f"{where}.code: expected a finding code like RC102, got {code!r}")
        path = entry.get("path")
        if path is not None:
            path = _as_str(f"{where}.path", path)
        if number is None and doi is None and code is None:
            raise ConfigError(f"{where}: give a reference, a doi or a code to ignore")
        out.append(Ignore(reason=reason, reference=number, doi=doi, code=code, path=path))
    return tuple(out)


# Settings field -> (config-file key, checker). The checker for paths needs the file's folder.
_FILE_KEYS: dict[str, str] = {
    "format": "format",
    "fail-on": "fail_on",
    "exit-zero": "exit_zero",
    "crossref-url": "crossref_url",
    "mailto": "mailto",
    "cache-dir": "cache_dir",
    "no-cache": "use_cache",
    "offline": "offline",
    "cache-ttl": "cache_ttl",
    "timeout": "timeout",
    "retries": "retries",
    "network-deadline": "network_deadline",
    "ignore": "ignores",
    "input-format": "input_format",
}

ENVIRONMENT: dict[str, str] = {
    "REFCHECK_FORMAT": "format",
    "REFCHECK_FAIL_ON": "fail_on",
    "REFCHECK_CROSSREF_URL": "crossref_url",
    "REFCHECK_MAILTO": "mailto",
    "REFCHECK_CACHE_DIR": "cache_dir",
    "REFCHECK_TIMEOUT": "timeout",
    "REFCHECK_RETRIES": "retries",
    "REFCHECK_NETWORK_DEADLINE": "network_deadline",
}

# The flag spelling of each field, for messages and --show-settings.
FLAG_NAMES: dict[str, str] = {
    "format": "--format",
    "output": "--output",
    "fail_on": "--fail-on",
    "exit_zero": "--exit-zero",
    "crossref_url": "--crossref-url",
    "mailto": "--mailto",
    "cache_dir": "--cache-dir",
    "use_cache": "--no-cache",
    "offline": "--offline",
    "cache_ttl": "--cache-ttl",
    # No flags: a config-file or environment matter (slow networks, CI, tests).
    "timeout": "timeout",
    "retries": "retries",
    "network_deadline": "network-deadline",
    "ignores": "--ignore",
    "bibtex": "--bibtex",
    "input_format": "--input-format",
}


def _check(name: str, key: str, value: Any, base: Path | None) -> Any:
    """Check ``value`` for the Settings field ``name``; ``key`` is how the user spelled it."""
    if name == "format":
        return _as_format(key, value)
    if name == "fail_on":
        return _as_fail_on(key, value)
    if name in ("exit_zero", "offline"):
        return _as_bool(key, value)
    if name == "use_cache":
        # The file and the flag both say "no-cache"; the field says the opposite.
        return not _as_bool(key, value)
    if name == "crossref_url":
        return _as_url(key, value)
    if name == "mailto":
        return _as_mailto(key, value)
    if name in ("cache_dir", "output", "bibtex"):
        return _path_checker(base)(key, value)
    if name == "cache_ttl":
        return _as_days(key, value)
    if name in ("timeout", "network_deadline"):
        return _as_seconds(key, value)
    if name == "retries":
        return _as_retries(key, value)
    if name == "ignores":
        return _as_ignores(key, value)
    if name == "input_format":
        from refcheck.extract import INPUT_FORMATS, canonical_format

        kind = canonical_format(_as_str(key, value))
        if kind not in INPUT_FORMATS:
            raise ConfigError(
                f"{key}: unknown input format {kind!r} (choose from {', '.join(INPUT_FORMATS)})"
            )
        return kind
    raise ConfigError(f"{key}: not a setting")  # pragma: no cover - programming error


# --------------------------------------------------------------------------- files


def _read_toml(path: Path) -> dict[str, Any]:
    import tomllib  # only when a config file exists (2 ms of every start otherwise)

    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None


def _table_of(path: Path) -> dict[str, Any] | None:
    """The refcheck table of a config file; None for a pyproject.toml without one."""
    data = _read_toml(path)
    if path.name == "pyproject.toml":
        tool = data.get("tool")
        table = tool.get("refcheck") if isinstance(tool, dict) else None
        if table is None:
            return None
        if not isinstance(table, dict):
            raise ConfigError(f"{path}: [tool.refcheck] must be a table")
        return table
    # refcheck.toml: top-level keys, or (for people who copy from pyproject) [tool.refcheck].
    tool = data.get("tool")
    if set(data) == {"tool"} and isinstance(tool, dict) and isinstance(tool.get("refcheck"), dict):
        return dict(tool["refcheck"])
    return data


def _is_file(path: Path) -> bool:
    # False, not an OSError, for a name too long for the file system or a path through a
    # file: such a path simply holds no config file.
    try:
        return path.is_file()
    except OSError:
        return False


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:
        return False


def find_config(start: Path) -> Path | None:
    """The first ``refcheck.toml`` or ``pyproject.toml`` with ``[tool.refcheck]`` upwards."""
    start = start.resolve()
    for folder in [start, *start.parents]:
        candidate = folder / "refcheck.toml"
        if _is_file(candidate):
            return candidate
        candidate = folder / "pyproject.toml"
        if _is_file(candidate) and _table_of(candidate) is not None:
            return candidate
    return None


def _start_folder(paths: Sequence[str], cwd: Path) -> Path:
    for raw in paths:
        if raw == "-":
            continue
        path = Path(raw)
        path = path if path.is_absolute() else cwd / path
        return path if _is_dir(path) else path.parent
    return cwd


def settings_from_table(table: Mapping[str, Any], origin: str, base: Path | None) -> dict[str, Any]:
    """Checked Settings values from a config table; ``origin`` names the file in messages."""
    values: dict[str, Any] = {}
    for raw_key, value in table.items():
        key = str(raw_key).replace("_", "-")
        if key not in _FILE_KEYS:
            raise ConfigError(
                f"{origin}: unknown key {raw_key!r} (known: {', '.join(sorted(_FILE_KEYS))})"
            )
        values[_FILE_KEYS[key]] = _check(_FILE_KEYS[key], f"{origin}: {raw_key}", value, base)
    return values


# --------------------------------------------------------------------------- loading


def load_settings(
    paths: Sequence[str] = (),
    flags: Mapping[str, Any] | None = None,
    *,
    environ: Mapping[str, str] | None = None,
    config_file: Path | None = None,
    use_config: bool = True,
    cwd: Path | None = None,
) -> Settings:
    """Settings for inputs ``paths``: defaults, then the config file, environment, ``flags``.

    ``flags`` maps Settings field names to values given on the command line; ``None`` values
    mean "not given". ``config_file`` replaces the search; ``use_config=False`` skips files.
    Raises ``ConfigError`` naming the key, variable or flag at fault.
    """
    import os

    if cwd is None:
        cwd = _current_folder()
    environ = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    sources: dict[str, str] = {}
    found = _config_path(paths, config_file, use_config, cwd)
    if found is not None:
        _take_config_file(found, values, sources)
    _take_environment(environ, values, sources)
    _take_flags(flags or {}, values, sources)
    return Settings(config_file=found, sources=sources, **values)


def _current_folder() -> Path:
    try:
        return Path.cwd()
    except OSError as exc:  # the folder was removed while a shell stood in it
        raise ConfigError(
            f"the working folder is gone ({exc.strerror or exc}); cd to an existing folder"
        ) from None


def _config_path(
    paths: Sequence[str], config_file: Path | None, use_config: bool, cwd: Path
) -> Path | None:
    """The config file given (which must exist), else the one found from the inputs."""
    if config_file is not None:
        found = config_file if config_file.is_absolute() else cwd / config_file
        if not _is_file(found):
            raise ConfigError(f"--config: no such file: {config_file}")
        return found
    if use_config:
        return find_config(_start_folder(paths, cwd))
    return None


def _take_config_file(found: Path, values: dict[str, Any], sources: dict[str, str]) -> None:
    table = _table_of(found)
    if table is None:
        raise ConfigError(f"{found}: has no [tool.refcheck] table")
    origin = str(found) + (" [tool.refcheck]" if found.name == "pyproject.toml" else "")
    for name, value in settings_from_table(table, origin, found.parent).items():
        values[name] = value
        sources[name] = origin


def _take_environment(
    environ: Mapping[str, str], values: dict[str, Any], sources: dict[str, str]
) -> None:
    for variable, name in ENVIRONMENT.items():
        raw = environ.get(variable)
        if raw is None or not raw.strip():
            continue
        values[name] = _check(name, variable, raw, None)
        sources[name] = f"environment {variable}"


def _take_flags(flags: Mapping[str, Any], values: dict[str, Any], sources: dict[str, str]) -> None:
    """Command-line values (None: not given) over the file's and the environment's."""
    known = {f.name for f in fields(Settings)} - {"sources", "config_file"}
    for name, value in flags.items():
        if name not in known:
            raise ConfigError(f"not a setting: {name}")
        if value is None:
            continue
        flag = FLAG_NAMES.get(name, name)
        if name == "use_cache":
            values[name] = bool(value)
        elif name == "ignores":
            # Flags add to the file's ignores rather than replace them.
            values[name] = tuple(values.get(name, ())) + _as_ignores(flag, list(value))
        else:
            values[name] = _check(name, flag, value, None)
        sources[name] = flag


def describe_settings(settings: Settings) -> list[tuple[str, str, str]]:
    """``(setting, value, where it came from)`` rows for ``--show-settings``."""
    rows: list[tuple[str, str, str]] = []
    rows.append(("config file", str(settings.config_file or "(none found)"), "search"))
    for item in fields(Settings):
        if item.name in ("sources", "config_file"):
            continue
        value = getattr(settings, item.name)
        if item.name == "ignores":
            shown = "; ".join(rule.describe() for rule in value) or "(none)"
        elif item.name == "format" and value is None:
            shown = "(table on a terminal, json otherwise)"
        elif item.name == "cache_dir" and value is None:
            from refcheck.cachefile import default_cache_dir

            shown = f"{default_cache_dir()} (the user cache folder)"
        elif item.name == "use_cache":
            # Shown under the flag's name, so say what the flag says.
            shown = str(not value)
        elif item.name == "cache_ttl":
            shown = f"{value:g} days"
        elif item.name in ("timeout", "network_deadline"):
            shown = f"{value:g} s"
        elif value is None:
            shown = "(none)"
        elif isinstance(value, FailOn):
            shown = value.value
        else:
            shown = str(value)
        rows.append(
            (FLAG_NAMES.get(item.name, item.name).lstrip("-"), shown, settings.source_of(item.name))
        )
    return rows


# --------------------------------------------------------------------------- ignores


def ignore_from_flag(text: str) -> Ignore:
    """``--ignore RC102``, ``--ignore 12`` (reference number) or ``--ignore 10.1000/x`` (DOI)."""
    value = text.strip()
    reason = "--ignore on the command line"
    if _CODE.match(value.upper()):
        return Ignore(reason=reason, code=value.upper())
    if value.isdigit():
        return Ignore(reason=reason, reference=int(value))
    if value.lower().startswith(("10.", "doi:", "https://doi.org/", "http://dx.doi.org/")):
        return _as_ignores("--ignore", [{"doi": value, "reason": reason}])[0]
    raise ConfigError(f"--ignore: expected a code (RC102), a reference number or a DOI: {text!r}")


def _status_after(ref: CheckedReference, findings: tuple[Finding, ...]) -> Status:
    # Dropping the last error of a mismatch leaves a matched reference with no error: the
    # contract calls that verified.
    if ref.status is Status.MISMATCH and not any(f.severity is Severity.ERROR for f in findings):
        return Status.VERIFIED
    return ref.status


def _apply_to_reference(ref: CheckedReference, rules: Sequence[Ignore]) -> CheckedReference:
    if any(rule.code is None and rule.selects(ref) for rule in rules):
        return replace(ref, status=Status.SKIPPED, findings=())
    dropped = {rule.code for rule in rules if rule.code is not None and rule.selects(ref)}
    if not dropped:
        return ref
    kept = tuple(f for f in ref.findings if f.code not in dropped)
    if len(kept) == len(ref.findings):
        return ref
    return replace(ref, findings=kept, status=_status_after(ref, kept))


def _apply_to_file(file: FileReport, ignores: Sequence[Ignore]) -> FileReport:
    rules = [rule for rule in ignores if rule.selects_file(file.path)]
    if not rules:
        return file
    # Document-level findings belong to no reference: only a code rule for the whole file
    # can drop them.
    doc_codes = {r.code for r in rules if r.code is not None and not r.selects_references}
    return replace(
        file,
        references=tuple(_apply_to_reference(ref, rules) for ref in file.references),
        findings=tuple(f for f in file.findings if f.code not in doc_codes),
    )


def apply_ignores(report: Report, ignores: Sequence[Ignore]) -> Report:
    """The report with ignored references ``skipped`` and ignored finding codes dropped."""
    if not ignores:
        return report
    return Report(files=tuple(_apply_to_file(file, ignores) for file in report.files))


def _rule_used(rule: Ignore, report: Report) -> bool:
    for file in report.files:
        if not rule.selects_file(file.path):
            continue
        if rule.code is None:
            if rule.selects_references and any(rule.selects(ref) for ref in file.references):
                return True
            continue
        if not rule.selects_references and any(f.code == rule.code for f in file.findings):
            return True
        for ref in file.references:
            if rule.selects(ref) and any(f.code == rule.code for f in ref.findings):
                return True
    return False


def unused_ignores(report: Report, ignores: Sequence[Ignore]) -> tuple[Ignore, ...]:
    """The rules that select nothing in ``report`` (before ignoring): stale configuration."""
    return tuple(rule for rule in ignores if not _rule_used(rule, report))
