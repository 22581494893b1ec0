"""refcheck: check a manuscript's reference list against Crossref."""

__version__ = "0.1.0"
PROJECT_URL = "https://github.com/refcheck/refcheck"

__all__ = ["PROJECT_URL", "__version__"]
