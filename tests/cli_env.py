"""The environment the CLI tests run refcheck in: none of the machine's own settings leak in."""

from __future__ import annotations

# Every variable refcheck reads (docs/configuration.md), besides REFCHECK_DEBUG.
SETTING_VARIABLES = (
    "REFCHECK_CROSSREF_URL",
    "REFCHECK_MAILTO",
    "REFCHECK_FORMAT",
    "REFCHECK_FAIL_ON",
    "REFCHECK_CACHE_DIR",
    "REFCHECK_TIMEOUT",
    "REFCHECK_RETRIES",
    "REFCHECK_NETWORK_DEADLINE",
)

# For click's CliRunner: a value of None removes the variable.
CLEAN_ENV: dict[str, str | None] = {
    name: None for name in (*SETTING_VARIABLES, "REFCHECK_DEBUG", "NO_COLOR")
}
