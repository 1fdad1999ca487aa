"""LanguageTool through language-tool-python, for centres that run a LanguageTool server.

Remote mode only talks to the configured URL (``languagetool-url`` or the environment
variable ILM_LINT_LANGUAGETOOL_URL) with the documented ``/v2/languages`` and
``/v2/check`` calls, language en-GB. A local LanguageTool is used only when
language-tool-python is pointed at an existing install with LTP_JAR_DIR_PATH: this
engine never lets the package download LanguageTool.

Paragraphs are sent in batches joined by blank lines (one request per ~20,000
characters, the public server's limit) and each match is mapped back to its paragraph.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

from .base import GRAMMAR, SPELLING, Engine, EngineUnavailable, Items, Match, disabled_rules

LANGUAGE = "en-GB"
SEPARATOR = "\n\n"
MAX_CHARS = 20_000
MAX_SUGGESTIONS = 3
RETRY_AFTER = 60.0  # seconds before an unreachable server is tried again


def _server_root(url: str) -> str:
    """The server's root with a trailing slash: language-tool-python appends "v2/"
    itself, so a configured ".../v2" is trimmed ("https://lt.example.org/v2" and
    "https://lt.example.org" mean the same server)."""
    root = url.strip().rstrip("/")
    if root.endswith("/v2"):
        root = root[:-3]
    return root + "/"


def _is_spelling(match) -> bool:
    """LanguageTool's spell checker (MORFOLOGIK_RULE_EN_GB, category TYPOS), not
    rules such as EN_A_VS_AN that also call themselves "misspelling"."""
    rule_id = getattr(match, "rule_id", "") or ""
    issue = getattr(match, "rule_issue_type", "") or ""
    category = getattr(match, "category", "") or ""
    return rule_id.startswith("MORFOLOGIK_RULE") or (issue == "misspelling" and category == "TYPOS")


def _end_for(text: str, start: int, length16: int) -> int:
    """The code-point end of a match that LanguageTool measured in UTF-16 units."""
    end, used = start, 0
    while end < len(text) and used < length16:
        used += 2 if ord(text[end]) > 0xFFFF else 1
        end += 1
    return end


class LanguageToolEngine(Engine):
    name = "languagetool"

    def __init__(self, url: str | None = None, timeout: float = 10.0) -> None:
        self.url = _server_root(url) if url else None
        self.timeout = timeout
        self._tool = None
        self._lock = threading.Lock()
        self._failed_at: float | None = None
        self._failure = ""

    def describe(self) -> str:
        where = self.url or f"local install in {os.environ.get('LTP_JAR_DIR_PATH')}"
        return f"LanguageTool ({LANGUAGE}) at {where}"

    def _connect(self):
        try:
            import language_tool_python
        except ImportError as exc:  # pragma: no cover - a declared dependency
            raise EngineUnavailable(
                "LanguageTool was chosen but language-tool-python is not installed"
            ) from exc

        timeout = self.timeout

        class _Tool(language_tool_python.LanguageTool):
            _TIMEOUT = timeout  # the package's default is 300 s per request

        if self.url:
            tool = _Tool(language=LANGUAGE, remote_server=self.url)
        elif os.environ.get("LTP_JAR_DIR_PATH") and Path(os.environ["LTP_JAR_DIR_PATH"]).is_dir():
            tool = _Tool(language=LANGUAGE)  # an existing local install; nothing downloaded
        else:
            raise EngineUnavailable(
                "LanguageTool was chosen but no server is configured: set languagetool-url "
                "in the configuration or ILM_LINT_LANGUAGETOOL_URL"
            )
        if str(tool.language).lower() != LANGUAGE.lower():
            # language-tool-python falls back to plain "en" (no British spelling) quietly.
            raise ValueError(f"unsupported language: {LANGUAGE}")
        tool.disabled_rules = set(disabled_rules("languagetool"))
        return tool

    def _get_tool(self):
        if self._tool is not None:
            return self._tool
        if self._failed_at is not None and time.monotonic() - self._failed_at < RETRY_AFTER:
            raise EngineUnavailable(self._failure)
        try:
            self._tool = self._connect()
        except EngineUnavailable as exc:
            self._remember_failure(str(exc))
            raise
        except Exception as exc:  # requests, LanguageToolError, a bad language list ...
            self._remember_failure(self._unreachable(exc))
            raise EngineUnavailable(self._failure) from exc
        return self._tool

    def _unreachable(self, exc: BaseException) -> str:
        where = self.url or "the local install"
        return f"LanguageTool at {where} could not be used ({_reason(exc, self.timeout)})"

    def _remember_failure(self, message: str) -> None:
        self._failed_at = time.monotonic()
        self._failure = message

    def check(self, items: Items) -> list[Match]:
        items = [(i, t) for i, t in items if t.strip()]
        if not items:
            return []
        with self._lock:
            tool = self._get_tool()
            out: list[Match] = []
            for batch in _batches(items):
                try:
                    out.extend(_check_batch(tool, batch))
                except Exception as exc:
                    self._tool = None
                    self._remember_failure(self._unreachable(exc))
                    raise EngineUnavailable(self._failure) from exc
            return out


def _reason(exc: BaseException, timeout: float) -> str:
    """A short, stable reason (the same for every file of a batch, so the notice is
    shown once), rather than the exception's text with its object addresses."""
    chain: list[BaseException] = []
    e: BaseException | None = exc
    while e is not None and len(chain) < 10:
        chain.append(e)
        e = e.__cause__ or e.__context__
    text = " ".join(f"{type(x).__name__}: {x}" for x in chain)
    if isinstance(exc, ValueError) or "unsupported" in text.lower():
        return f"it does not offer {LANGUAGE}"
    for cue, reason in (
        ("NameResolution", "its host name was not found"),
        ("Name or service not known", "its host name was not found"),
        ("getaddrinfo", "its host name was not found"),
        ("Timeout", f"no answer within {timeout:g} s"),
        ("timed out", f"no answer within {timeout:g} s"),
        ("RateLimit", "its rate limit was reached"),
        ("Connection refused", "the connection was refused"),
        ("NewConnectionError", "the connection was refused"),
        ("ConnectionError", "the connection failed"),
        ("JSONDecodeError", "its answer was not LanguageTool's JSON"),
    ):
        if cue in text:
            return reason
    return type(exc).__name__


def _batches(items: list[tuple[int, str]]) -> list[list[tuple[int, str]]]:
    batches: list[list[tuple[int, str]]] = [[]]
    size = 0
    for item in items:
        if batches[-1] and size + len(item[1]) > MAX_CHARS:
            batches.append([])
            size = 0
        batches[-1].append(item)
        size += len(item[1]) + len(SEPARATOR)
    return batches


def _check_batch(tool, batch: list[tuple[int, str]]) -> list[Match]:
    text = SEPARATOR.join(t for _, t in batch)
    starts = []
    pos = 0
    for _, t in batch:
        starts.append(pos)
        pos += len(t) + len(SEPARATOR)
    out = []
    for m in tool.check(text):
        # language-tool-python has already turned the offset into code points.
        offset = m.offset
        n = max(k for k, s in enumerate(starts) if s <= offset)
        index, para = batch[n]
        start = offset - starts[n]
        if start >= len(para):
            continue  # a match on the separator itself
        end = min(len(para), _end_for(para, start, m.error_length))
        kind = SPELLING if _is_spelling(m) else GRAMMAR
        suggestions = tuple(dict.fromkeys(r for r in m.replacements if r != para[start:end]))
        out.append(
            Match(
                paragraph=index,
                start=start,
                end=end,
                text=para[start:end],
                message=m.message,
                suggestions=suggestions[:MAX_SUGGESTIONS],
                kind=kind,
                rule=m.rule_id,
            )
        )
    return out
