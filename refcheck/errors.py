"""refcheck's own exceptions. Third-party errors are converted to these at the boundary."""


class RefcheckError(Exception):
    """Base class of every error refcheck raises on purpose."""


class InputError(RefcheckError):
    """An input file cannot be read as a manuscript (exit code 2)."""


class ConfigError(RefcheckError):
    """A configuration file, environment variable or flag is invalid (exit code 2)."""


class LookupFailed(RefcheckError):
    """A Crossref request failed after its retries (network, 5xx, 429, bad JSON)."""


class OfflineMiss(RefcheckError):
    """An answer was needed from the network but refcheck runs offline."""
