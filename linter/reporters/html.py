"""HTML for tutors: one self-contained page that works offline.

A summary table of the files (sortable by any column), counts per rule across the batch
with a small inline SVG chart, the AC checklist misses when the run has checklists,
and per file its findings grouped by section. No external asset: the style and the
script are inline and pinned by hash in a Content-Security-Policy that allows nothing
else, so the page cannot fetch anything. Every piece of text is escaped: file names and
quoted learner text are untrusted.
"""

from __future__ import annotations

import base64
import hashlib
import os
from collections import Counter
from html import escape
from typing import Any

from .. import __version__
from ..batch import rule_counts
from ..model import FileResult, Finding, Severity
from . import Report, group_label, place
from .csv_report import checklist_misses, file_row

_CSS = """
:root { --err: #b42318; --warn: #b54708; --info: #175cd3; --line: #d0d5dd; --muted: #475467; }
* { box-sizing: border-box; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0;
  color: #101828; background: #fff; }
header, main { max-width: 1200px; margin: 0 auto; padding: 0 1rem; }
header { padding-top: 1rem; border-bottom: 1px solid var(--line); }
h1 { font-size: 1.5rem; margin: .2rem 0; }
h2 { font-size: 1.2rem; margin-top: 2rem; }
h3 { font-size: 1.05rem; margin: 1.5rem 0 .2rem; word-break: break-all; }
h4 { font-size: .95rem; margin: .8rem 0 .2rem; color: var(--muted); }
nav a { margin-right: 1rem; }
.muted { color: var(--muted); }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
th, td { border-bottom: 1px solid var(--line); padding: .3rem .45rem; text-align: left;
  vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
th button { font: inherit; font-weight: 600; background: none; border: 0; padding: 0;
  cursor: pointer; color: inherit; }
th[aria-sort="ascending"] button::after { content: " \\25B2"; }
th[aria-sort="descending"] button::after { content: " \\25BC"; }
td.path { word-break: break-all; }
.err { color: var(--err); font-weight: 600; }
.warn { color: var(--warn); font-weight: 600; }
.info { color: var(--info); }
.zero { color: #98a2b3; }
ul.findings { list-style: none; padding-left: 0; margin: 0; }
ul.findings li { padding: .25rem 0 .25rem .6rem; border-left: 3px solid var(--line); margin: .2rem 0; }
ul.findings li.error { border-left-color: var(--err); }
ul.findings li.warning { border-left-color: var(--warn); }
ul.findings li.info { border-left-color: var(--info); }
code { font: .85em ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
blockquote { margin: .2rem 0 0; padding-left: .6rem; color: var(--muted); border-left: 2px solid
  var(--line); font-size: .85rem; white-space: pre-wrap; overflow-wrap: anywhere; }
svg text { font: 12px system-ui, sans-serif; fill: #101828; }
svg .bar-error { fill: var(--err); } svg .bar-warning { fill: var(--warn); }
svg .bar-info { fill: var(--info); }
input[type=search] { font: inherit; padding: .3rem .5rem; width: min(28rem, 100%); margin: .3rem 0; }
.clean { color: #067647; }
@media print { nav, input[type=search] { display: none; } }
"""

_JS = """
(function () {
  function key(cell, numeric) {
    var raw = cell.getAttribute("data-sort");
    if (raw === null) { raw = cell.textContent.trim(); }
    if (numeric) { var n = parseFloat(raw); return isNaN(n) ? -Infinity : n; }
    return raw.toLowerCase();
  }
  document.querySelectorAll("table.sortable").forEach(function (table) {
    var heads = table.querySelectorAll("thead th");
    heads.forEach(function (th, col) {
      var button = th.querySelector("button");
      if (!button) { return; }
      button.addEventListener("click", function () {
        var numeric = th.getAttribute("data-type") === "number";
        var current = th.getAttribute("aria-sort");  // counts sort largest first
        var ascending = current ? current !== "ascending" : !numeric;
        heads.forEach(function (other) { other.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.forEach(function (row, i) { row.setAttribute("data-order", i); });
        rows.sort(function (a, b) {
          var x = key(a.cells[col], numeric), y = key(b.cells[col], numeric);
          if (x < y) { return ascending ? -1 : 1; }
          if (x > y) { return ascending ? 1 : -1; }
          return a.getAttribute("data-order") - b.getAttribute("data-order");
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  });
  var filter = document.getElementById("file-filter");
  if (filter) {
    filter.addEventListener("input", function () {
      var words = filter.value.toLowerCase().split(/\\s+/).filter(Boolean);
      document.querySelectorAll("#files-table tbody tr").forEach(function (row) {
        var text = row.textContent.toLowerCase();
        row.hidden = !words.every(function (w) { return text.indexOf(w) !== -1; });
      });
    });
  }
})();
"""

_SEV_CLASS = {Severity.ERROR: "err", Severity.WARNING: "warn", Severity.INFO: "info"}


def _csp_hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def _e(value: Any) -> str:
    return escape("" if value is None else str(value), quote=True)


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n:,} {word if n == 1 else (plural or word + 's')}"


def _count_cell(n: int, css: str) -> str:
    return f'<td class="num {css if n else "zero"}">{n:,}</td>'


def _number_cell(value: Any, fmt: str = "{:,}") -> str:
    if value is None:
        return '<td class="num" data-sort=""></td>'
    return f'<td class="num" data-sort="{_e(value)}">{_e(fmt.format(value))}</td>'


_FILE_HEADS = (
    ("File", "text", ""),
    ("Kind", "text", ""),
    ("Unit", "text", ""),
    ("Words", "number", "num"),
    ("Refs", "number", "num"),
    ("Hours", "number", "num"),
    ("Errors", "number", "num"),
    ("Warnings", "number", "num"),
    ("Infos", "number", "num"),
    ("Codes", "text", ""),
)


def _thead(heads: tuple[tuple[str, str, str], ...]) -> str:
    cells = "".join(
        f'<th scope="col" data-type="{kind}" class="{css}"><button type="button">{_e(label)}'
        "</button></th>"
        for label, kind, css in heads
    )
    return f"<thead><tr>{cells}</tr></thead>"


def common_folder(paths: list[str]) -> str:
    """The folder all ``paths`` share ("" if none), shown once instead of on every row."""
    folders = [os.path.dirname(p) for p in paths]
    if len(paths) < 2 or not all(folders):
        return ""
    try:
        common = os.path.commonpath(folders)
    except ValueError:  # absolute and relative paths mixed, or different drives
        return ""
    return common if common not in ("", os.sep, ".") else ""


def _shown(path: str, folder: str) -> str:
    return os.path.relpath(path, folder) if folder else path


def _files_table(results: list[FileResult], folder: str) -> str:
    rows = []
    for i, result in enumerate(results):
        row = file_row(result)
        kind = "unreadable" if result.kind == "unknown" else result.kind
        shown = _shown(result.path, folder)
        rows.append(
            "<tr>"
            f'<td class="path" data-sort="{_e(shown)}"><a href="#file-{i}" '
            f'title="{_e(result.path)}">{_e(shown)}</a></td>'
            f"<td>{_e(kind)}</td><td>{_e(result.unit or '')}</td>"
            f"{_number_cell(row['words'])}{_number_cell(row['references'])}"
            f"{_number_cell(row['hours'], '{:.2f}')}"
            f"{_count_cell(row['errors'], 'err')}{_count_cell(row['warnings'], 'warn')}"
            f"{_count_cell(row['infos'], 'info')}"
            f"<td><code>{_e(row['codes'])}</code></td>"
            "</tr>"
        )
    return (
        '<label for="file-filter" class="muted">Filter files: </label>'
        '<input type="search" id="file-filter" placeholder="name, unit, kind or code">'
        f'<table class="sortable" id="files-table">{_thead(_FILE_HEADS)}'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def _chart(counts: list[tuple[str, str, Severity, int, int]], top: int = 10) -> str:
    """Horizontal bars of the most frequent findings, as inline SVG."""
    shown = counts[:top]
    if not shown:
        return ""
    bar_h, gap, label_w, bar_w = 18, 6, 250, 420
    height = len(shown) * (bar_h + gap) + gap
    most = max(n for *_, n, _files in shown)
    parts = []
    for i, (code, name, severity, n, files) in enumerate(shown):
        y = gap + i * (bar_h + gap)
        width = max(2, round(bar_w * n / most))
        label = f"{code} {name}"
        parts.append(
            f"<g><title>{_e(f'{label}: {n} findings in {files} files')}</title>"
            f'<text x="{label_w - 8}" y="{y + 13}" text-anchor="end">{_e(label)}</text>'
            f'<rect class="bar-{severity.value}" x="{label_w}" y="{y}" width="{width}" '
            f'height="{bar_h}" rx="2"></rect>'
            f'<text x="{label_w + width + 6}" y="{y + 13}">{n:,}</text></g>'
        )
    total_w = label_w + bar_w + 60
    return (
        f'<svg role="img" aria-labelledby="chart-title" width="{total_w}" height="{height}" '
        f'viewBox="0 0 {total_w} {height}" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="chart-title">The {len(shown)} most frequent findings</title>'
        f"{''.join(parts)}</svg>"
    )


def _rules_section(results: list[FileResult]) -> str:
    counts = rule_counts(results)
    if not counts:
        return '<section id="rules"><h2>Findings per rule</h2><p>No findings.</p></section>'
    heads = (
        ("Rule", "text", ""),
        ("Name", "text", ""),
        ("Severity", "text", ""),
        ("Findings", "number", "num"),
        ("Files", "number", "num"),
    )
    rows = "".join(
        f"<tr><td><code>{_e(code)}</code></td><td>{_e(name)}</td>"
        f'<td class="{_SEV_CLASS[sev]}" data-sort="{4 - sev.rank}">{_e(sev.value)}</td>'
        f'<td class="num">{n:,}</td><td class="num">{files:,}</td></tr>'
        for code, name, sev, n, files in counts
    )
    return (
        '<section id="rules"><h2>Findings per rule</h2>'
        f'<figure class="chart">{_chart(counts)}</figure>'
        f'<table class="sortable" id="rules-table">{_thead(heads)}<tbody>{rows}</tbody></table>'
        "</section>"
    )


def _checklist_section(results: list[FileResult]) -> str:
    misses = checklist_misses(results)
    if not misses:
        return ""
    heads = (
        ("Unit", "text", ""),
        ("AC", "text", ""),
        ("Requirement", "text", ""),
        ("Missed by", "number", "num"),
        ("Of", "number", "num"),
    )
    rows = "".join(
        f"<tr><td>{_e(m['unit'])}</td><td>{_e(m['ac'])}</td><td>{_e(m['requirement'])}"
        f"{'' if m['must'] else ' <span class=muted>(suggestion)</span>'}</td>"
        f'<td class="num {"warn" if m["missed"] and m["must"] else ""}">{m["missed"]:,}</td>'
        f'<td class="num">{m["checked"]:,}</td></tr>'
        for m in misses
    )
    return (
        '<section id="checklist"><h2>Assessor checklist: learners who missed each '
        "requirement</h2>"
        f'<table class="sortable" id="checklist-table">{_thead(heads)}<tbody>{rows}</tbody>'
        "</table></section>"
    )


def _file_facts(result: FileResult) -> str:
    stats = result.stats
    bits = ["unreadable" if result.kind == "unknown" else result.kind]
    if result.unit:
        bits.append(f"unit {result.unit}")
    for key, word in (("words", "word"), ("references", "reference"), ("citations", "citation")):
        if isinstance(stats.get(key), int):
            bits.append(_plural(stats[key], word))
    if isinstance(stats.get("hours"), (int, float)):
        bits.append(f"{stats['hours']:.2f} hours")
    for key, word in (("sessions", "session"), ("coachees", "coachee")):
        if isinstance(stats.get(key), int):
            bits.append(_plural(stats[key], word))
    if isinstance(stats.get("sheets"), list) and stats["sheets"]:
        bits.append("sheets read: " + ", ".join(str(s) for s in stats["sheets"]))
    return ", ".join(bits)


def _file_article(i: int, result: FileResult, folder: str) -> str:
    groups: dict[str, list[Finding]] = {}
    for f in result.findings:
        label = group_label(f, result.kind)
        groups.setdefault(label[:1].upper() + label[1:], []).append(f)
    body = []
    for name, findings in groups.items():
        items = []
        for f in findings:
            where = place(f)
            quote = (
                f"<blockquote>{_e(f.location.text)}</blockquote>"
                if f.location.text and f.location.text not in f.message
                else ""
            )
            items.append(
                f'<li class="{f.severity.value}"><span class="{_SEV_CLASS[f.severity]}">'
                f"{_e(f.severity.value)}</span> <code>{_e(f.rule)}</code> "
                f"{f'<span class=muted>{_e(where)}</span> ' if where else ''}"
                f"{_e(f.message)}{quote}</li>"
            )
        body.append(f'<h4>{_e(name)}</h4><ul class="findings">{"".join(items)}</ul>')
    if not body:
        body.append('<p class="clean">No findings.</p>')
    return (
        f'<article id="file-{i}"><h3 title="{_e(result.path)}">'
        f"{_e(_shown(result.path, folder))}</h3>"
        f'<p class="muted">{_e(_file_facts(result))}</p>{"".join(body)}</article>'
    )


def _overview(report: Report, folder: str) -> str:
    results = report.results
    kinds = Counter(r.kind for r in results)
    severities = {s: sum(r.count(s) for r in results) for s in Severity}
    kind_text = ", ".join(
        _plural(kinds[k], label, plural)
        for k, label, plural in (
            ("assignment", "assignment", None),
            ("log", "log", None),
            ("unknown", "unreadable file", "unreadable files"),
        )
        if kinds[k]
    )
    clean = sum(1 for r in results if not r.findings)
    parts = [
        f"{_plural(len(results), 'file')}" + (f" ({kind_text})" if kind_text else ""),
        f'<span class="err">{_plural(severities[Severity.ERROR], "error")}</span>',
        f'<span class="warn">{_plural(severities[Severity.WARNING], "warning")}</span>',
        f'<span class="info">{_plural(severities[Severity.INFO], "info", "infos")}</span>',
        f"{clean:,} without findings",
    ]
    if report.skipped:
        parts.append(f"{_plural(report.skipped, 'other file')} skipped")
    notices = "".join(f'<p class="muted">Note: {_e(n)}</p>' for n in report.notices)
    where = f'<p class="muted">In <code>{_e(folder)}</code></p>' if folder else ""
    return f'<p id="overview">{" · ".join(parts)}</p>{where}{notices}'


def render(report: Report, color: bool = False) -> str:
    results = report.results
    csp = (
        f"default-src 'none'; style-src {_csp_hash(_CSS)}; script-src {_csp_hash(_JS)}; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )
    checklist = _checklist_section(results)
    folder = common_folder([r.path for r in results])
    nav = [
        '<a href="#files">Files</a>',
        '<a href="#rules">Findings per rule</a>',
        *(['<a href="#checklist">Checklist</a>'] if checklist else []),
        '<a href="#details">Findings by file</a>',
    ]
    articles = "".join(_file_article(i, r, folder) for i, r in enumerate(results))
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{_e(csp)}">'
        '<meta name="referrer" content="no-referrer">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>ilm-lint report: {_e(_plural(len(results), 'file'))}</title>"
        f"<style>{_CSS}</style></head><body>"
        f"<header><h1>ilm-lint report</h1>{_overview(report, folder)}"
        f"<nav>{''.join(nav)}</nav></header><main>"
        f'<section id="files"><h2>Files</h2>{_files_table(results, folder)}</section>'
        f"{_rules_section(results)}{checklist}"
        f'<section id="details"><h2>Findings by file</h2>{articles}</section>'
        f'<footer class="muted"><p>Made by ilm-lint {_e(__version__)}.</p></footer>'
        f"</main><script>{_JS}</script></body></html>\n"
    )
