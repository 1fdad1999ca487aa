"""ilm-lint: a linter for ILM coaching and mentoring assignments and coaching logs."""

__version__ = "0.1.0"

__all__ = ["__version__", "lint_bytes", "lint_paragraphs", "lint_path"]


def __getattr__(name: str):
    # Import the lint machinery only when asked, so `ilm-lint --version` starts fast.
    if name in ("lint_bytes", "lint_path", "lint_paragraphs"):
        from . import api

        return getattr(api, name)
    raise AttributeError(name)
