"""The LanguageTool engine against a small server started here on 127.0.0.1.

A real LanguageTool (Java) was not available where this was written, so the server
below answers LanguageTool's documented HTTP API as language-tool-python calls it:
``GET /v2/languages`` (a list of {name, code, longCode}) and ``POST /v2/check`` (form
fields language, text, disabledRules ...; the answer {software, warnings, language,
matches: [{message, shortMessage, replacements: [{value}], offset, length, context:
{text, offset, length}, sentence, type: {typeName}, rule: {id, description,
issueType, category: {id, name}}, ...}], sentenceRanges}), offsets in UTF-16 units as
Java counts them. The tests prove what is sent and how matches become findings.
"""

from __future__ import annotations

import json
import re
import socket
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from docbuilder import build_docx

from linter.analysis.context import LintOptions
from linter.api import lint_bytes
from linter.config import Config, load_config
from linter.grammar import GRAMMAR, SPELLING, CachedEngine, EngineUnavailable, check_paragraphs
from linter.grammar.languagetool_engine import LanguageToolEngine

LANGUAGES = [
    {"name": "English", "code": "en", "longCode": "en"},
    {"name": "English (Australian)", "code": "en", "longCode": "en-AU"},
    {"name": "English (GB)", "code": "en", "longCode": "en-GB"},
    {"name": "English (US)", "code": "en", "longCode": "en-US"},
    {"name": "German (Germany)", "code": "de", "longCode": "de-DE"},
]

# What the fake server "finds": pattern -> (rule id, category, issue type, message,
# replacements). Real LanguageTool rule ids and categories.
FAKE_RULES = [
    (
        r"\brecieved\b",
        "MORFOLOGIK_RULE_EN_GB",
        ("TYPOS", "Possible Typo"),
        "misspelling",
        "Possible spelling mistake found.",
        ["received", "relieved"],
    ),
    (
        r"\bcollegue\b",
        "MORFOLOGIK_RULE_EN_GB",
        ("TYPOS", "Possible Typo"),
        "misspelling",
        "Possible spelling mistake found.",
        ["colleague", "college"],
    ),
    (
        r"\bcoachee\b",
        "MORFOLOGIK_RULE_EN_GB",
        ("TYPOS", "Possible Typo"),
        "misspelling",
        "Possible spelling mistake found.",
        ["coached", "coaches"],
    ),
    (
        r"\bWhitmorr\b",
        "MORFOLOGIK_RULE_EN_GB",
        ("TYPOS", "Possible Typo"),
        "misspelling",
        "Possible spelling mistake found.",
        ["Whitmore"],
    ),
    (
        r"\b(\w+) \1\b",
        "ENGLISH_WORD_REPEAT_RULE",
        ("MISC", "Miscellaneous"),
        "duplication",
        "Possible typo: you repeated a word.",
        ["{1}"],
    ),
    (
        r"\ba (?=honest\b)",
        "EN_A_VS_AN",
        ("MISC", "Miscellaneous"),
        "misspelling",
        "Use “an” instead of ‘a’ if the following word starts with a vowel sound.",
        ["an"],
    ),
    (
        r"\bwere keen\b",
        "AGREEMENT_SENT_START",
        ("GRAMMAR", "Grammar"),
        "grammar",
        "The verb does not agree with the subject.",
        ["was keen"],
    ),
]


def _u16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def fake_check(text: str, language: str) -> dict:
    matches = []
    for pattern, rule_id, (cat_id, cat_name), issue, message, replacements in FAKE_RULES:
        for m in re.finditer(pattern, text):
            covered = m.group(0).rstrip() if rule_id == "EN_A_VS_AN" else m.group(0)
            values = [r.replace("{1}", m.group(1)) if m.groups() else r for r in replacements]
            offset, length = _u16(text[: m.start()]), _u16(covered)
            ctx_start = max(0, m.start() - 20)
            context = text[ctx_start : m.start() + len(covered) + 20]
            matches.append(
                {
                    "message": message,
                    "shortMessage": "",
                    "replacements": [{"value": v} for v in values],
                    "offset": offset,
                    "length": length,
                    "context": {
                        "text": context,
                        "offset": _u16(text[ctx_start : m.start()]),
                        "length": length,
                    },
                    "sentence": text.split("\n\n")[0],
                    "type": {"typeName": "UnknownWord" if issue == "misspelling" else "Other"},
                    "rule": {
                        "id": rule_id,
                        "description": message,
                        "issueType": issue,
                        "category": {"id": cat_id, "name": cat_name},
                    },
                    "ignoreForIncompleteSentence": False,
                    "contextForSureMatch": 0,
                }
            )
    matches.sort(key=lambda m: m["offset"])
    return {
        "software": {
            "name": "LanguageTool",
            "version": "6.4",
            "buildDate": "2024-03-28",
            "apiVersion": 1,
            "premium": False,
            "status": "",
        },
        "warnings": {"incompleteResults": False},
        "language": {
            "name": "English (GB)",
            "code": language,
            "detectedLanguage": {"name": "English (GB)", "code": "en-GB", "confidence": 0.99},
        },
        "matches": matches,
        "sentenceRanges": [[0, _u16(text)]],
    }


class FakeLanguageTool:
    """A LanguageTool look-alike on 127.0.0.1 that records every request."""

    def __init__(
        self, languages: list[dict] | None = None, broken: bool = False, delay: float = 0.0
    ) -> None:
        languages = LANGUAGES if languages is None else languages
        self.requests: list[tuple[str, str, dict[str, str]]] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # keep test output clean
                pass

            def _answer(self, body: object, status: int = 200) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _broken(self) -> None:
                page = b"<html><body>502 Bad Gateway</body></html>"
                self.send_response(502)
                self.send_header("Content-Type", "text/html")
                self.send_header("Content-Length", str(len(page)))
                self.end_headers()
                self.wfile.write(page)

            def do_GET(self) -> None:
                url = urllib.parse.urlsplit(self.path)
                params = dict(urllib.parse.parse_qsl(url.query))
                outer.requests.append(("GET", url.path, params))
                time.sleep(delay)
                if broken:
                    self._broken()
                elif url.path == "/v2/languages":
                    self._answer(languages)
                elif url.path == "/v2/check":
                    self._answer(fake_check(params.get("text", ""), params.get("language", "")))
                else:
                    self._answer({"error": "not found"}, 404)

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", 0))
                body = self.rfile.read(length).decode()
                params = dict(urllib.parse.parse_qsl(body, keep_blank_values=True))
                outer.requests.append(("POST", self.path, params))
                if self.path == "/v2/check":
                    self._answer(fake_check(params["text"], params["language"]))
                else:
                    self._answer({"error": "not found"}, 404)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def checks(self) -> list[dict[str, str]]:
        return [p for method, path, p in self.requests if path == "/v2/check"]

    def __enter__(self) -> FakeLanguageTool:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def fake_lt():
    with FakeLanguageTool() as server:
        yield server


def closed_port_url() -> str:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()  # nothing listens here now: connections are refused at once
    return f"http://127.0.0.1:{port}"


# -- the request ------------------------------------------------------------------


def test_request_is_en_gb_with_paragraphs_joined(fake_lt) -> None:
    engine = LanguageToolEngine(fake_lt.url)
    paragraphs = [(3, "I recieved feedback."), (7, "My collegue agreed.")]
    engine.check(paragraphs)
    assert ("GET", "/v2/languages", {}) in fake_lt.requests
    (sent,) = fake_lt.checks()
    assert sent["language"] == "en-GB"
    assert sent["text"] == "I recieved feedback.\n\nMy collegue agreed."
    assert "WHITESPACE_RULE" in sent["disabledRules"].split(",")


@pytest.mark.parametrize("suffix", ["", "/", "/v2", "/v2/"])
def test_server_url_may_name_v2_or_not(fake_lt, suffix: str) -> None:
    LanguageToolEngine(fake_lt.url + suffix).check([(0, "I recieved it.")])
    assert [p for m, p, _ in fake_lt.requests] == ["/v2/languages", "/v2/check"]


def test_long_documents_go_in_batches(fake_lt) -> None:
    paragraph = "The coaching relationship grew over time. " * 100  # about 4,200 characters
    items = [(i, paragraph + f"Paragraph {i} recieved.") for i in range(12)]
    found = LanguageToolEngine(fake_lt.url).check(items)
    checks = fake_lt.checks()
    assert len(checks) == 3
    assert all(len(c["text"]) <= 20_000 for c in checks)
    assert sorted(m.paragraph for m in found) == list(range(12))


# -- matches to findings ----------------------------------------------------------


def test_matches_map_to_paragraphs_offsets_and_kinds(fake_lt) -> None:
    items = [
        (0, "It was a honest talk and and I recieved feedback."),
        (4, "My collegue agreed 😀 that I recieved it."),
    ]
    found = LanguageToolEngine(fake_lt.url).check(items)
    got = [(m.paragraph, m.start, m.end, m.text, m.kind, m.rule, m.suggestions) for m in found]
    text0, text4 = items[0][1], items[1][1]
    assert got == [
        (0, 7, 8, "a", GRAMMAR, "EN_A_VS_AN", ("an",)),
        (
            0,
            text0.index("and and"),
            text0.index("and and") + 7,
            "and and",
            GRAMMAR,
            "ENGLISH_WORD_REPEAT_RULE",
            ("and",),
        ),
        (
            0,
            text0.index("recieved"),
            text0.index("recieved") + 8,
            "recieved",
            SPELLING,
            "MORFOLOGIK_RULE_EN_GB",
            ("received", "relieved"),
        ),
        (4, 3, 11, "collegue", SPELLING, "MORFOLOGIK_RULE_EN_GB", ("colleague", "college")),
        # after an emoji (two UTF-16 units) the offset is still right in code points
        (
            4,
            text4.index("recieved"),
            text4.index("recieved") + 8,
            "recieved",
            SPELLING,
            "MORFOLOGIK_RULE_EN_GB",
            ("received", "relieved"),
        ),
    ]
    assert found[2].message == "Possible spelling mistake found."


def test_lexicon_and_masks_apply_to_languagetool_too(fake_lt) -> None:
    engine = CachedEngine(LanguageToolEngine(fake_lt.url))
    text = "My coachee cited (Whitmorr, 2009) and I recieved it."
    found = check_paragraphs(engine, [(0, text)])
    assert [m.text for m in found] == ["recieved"]  # not coachee, not the citation


def test_american_spellings_are_flagged_with_languagetool(fake_lt) -> None:
    engine = CachedEngine(LanguageToolEngine(fake_lt.url))
    found = check_paragraphs(engine, [(0, "The organization analyzed it.")])
    assert [(m.text, m.suggestions) for m in found] == [
        ("organization", ("organisation",)),
        ("analyzed", ("analysed",)),
    ]


def test_cache_saves_requests(fake_lt) -> None:
    engine = CachedEngine(LanguageToolEngine(fake_lt.url))
    engine.check([(0, "I recieved it."), (1, "All good.")])
    engine.check([(0, "I recieved it."), (1, "All good now.")])
    assert [c["text"] for c in fake_lt.checks()] == ["I recieved it.\n\nAll good.", "All good now."]


# -- through the lint entry point, and when the server is unreachable ---------------

DOC = """
## 1.1 Critically compare the strategic purposes of coaching and mentoring at an executive or senior level
Top Tip: Remember to critically compare coaching and mentoring.
It was a honest talk and I recieved feedback from my collegue.
The coachee were keen to explore her options.
"""


def _lint(url: str | None, grammar: str = "languagetool"):
    options = LintOptions(config=Config(grammar=grammar, languagetool_url=url), unit="8589-700")
    return lint_bytes(build_docx(DOC), "lt.docx", options)


def test_lint_with_languagetool_server(fake_lt) -> None:
    result = _lint(fake_lt.url)
    spelling = [
        (f.location.paragraph, f.location.text) for f in result.findings if f.rule == "GR700"
    ]
    grammar = [f.location.text for f in result.findings if f.rule == "GR701"]
    assert spelling == [(2, "recieved"), (2, "collegue")]
    assert grammar == ["a", "were keen"]
    sent = fake_lt.checks()[-1]["text"]
    assert "Top Tip" not in sent and "Critically compare" not in sent  # guidance, heading
    first = next(f for f in result.findings if f.rule == "GR700")
    assert first.suggestions == ("received", "relieved")
    assert first.location.start == DOC.splitlines()[3].index("recieved")
    assert not result.extra.get("notices")


def test_unreachable_server_gives_one_notice_and_other_rules_run() -> None:
    url = closed_port_url()
    result = _lint(url)
    notices = result.extra["notices"]
    assert len(notices) == 1
    assert notices[0].startswith(
        f"LanguageTool at {url}/ could not be used (the connection was refused)"
    )
    assert "GR700" in notices[0]
    assert not [f for f in result.findings if f.rule.startswith("GR")]
    assert any(f.rule == "PH400" for f in result.findings)  # the guidance is still reported


def test_unreachable_server_is_not_retried_for_every_file() -> None:
    engine = LanguageToolEngine(closed_port_url())
    with pytest.raises(EngineUnavailable) as first:
        engine.check([(0, "Some text.")])
    with pytest.raises(EngineUnavailable) as second:
        engine.check([(0, "Some text.")])
    assert str(first.value) == str(second.value)


def test_server_without_en_gb_is_reported() -> None:
    american_only = [lang for lang in LANGUAGES if lang["longCode"] != "en-GB"]
    with (
        FakeLanguageTool(languages=american_only) as server,
        pytest.raises(EngineUnavailable, match="does not offer en-GB"),
    ):
        LanguageToolEngine(server.url).check([(0, "Some text.")])


def test_something_else_answering_is_reported() -> None:
    with (
        FakeLanguageTool(broken=True) as server,
        pytest.raises(EngineUnavailable, match="not LanguageTool's JSON"),
    ):
        LanguageToolEngine(server.url).check([(0, "Some text.")])


def test_a_server_that_does_not_answer_times_out() -> None:
    with (
        FakeLanguageTool(delay=2.0) as server,
        pytest.raises(EngineUnavailable, match=r"no answer within 0\.3 s"),
    ):
        LanguageToolEngine(server.url, timeout=0.3).check([(0, "Some text.")])


def test_languagetool_without_a_url_says_how_to_set_one(monkeypatch) -> None:
    monkeypatch.delenv("LTP_JAR_DIR_PATH", raising=False)
    result = _lint(None)
    (notice,) = result.extra["notices"]
    assert "languagetool-url" in notice and "ILM_LINT_LANGUAGETOOL_URL" in notice


def test_environment_variable_sets_the_url(monkeypatch, tmp_path, fake_lt) -> None:
    monkeypatch.setenv("ILM_LINT_LANGUAGETOOL_URL", fake_lt.url)
    monkeypatch.chdir(tmp_path)
    config = load_config(search=False)
    assert config.languagetool_url == fake_lt.url
    options = LintOptions(config=config.replace(grammar="languagetool"), unit="8589-700")
    result = lint_bytes(build_docx(DOC), "lt.docx", options)
    assert [f.location.text for f in result.findings if f.rule == "GR700"] == [
        "recieved",
        "collegue",
    ]
