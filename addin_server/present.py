"""The results as a person reads them: a summary, then findings grouped by section (an
assignment) or by sheet and row (a log). The upload page renders this server-side when
JavaScript is off; static/js/render.js does the same in the browser."""

from __future__ import annotations

import re
from typing import Any

SEVERITIES = ("error", "warning", "info")
_AC_KEY = re.compile(r"^\d{1,2}\.\d{1,2}$")


def _num(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".")
    return f"{value:,}" if isinstance(value, int) else str(value)


def _against(actual: Any, need: Any, unit_word: str = "") -> tuple[str, str]:
    """(text, state) for a figure against the unit's requirement: state ok|short|none."""
    if actual is None:
        return "—", "none"
    if need is None or need == 0:
        return _num(actual), "none"
    state = "ok" if actual >= need else "short"
    return f"{_num(actual)} of {_num(need)}{unit_word} required", state


def per_coachee(stats: dict[str, Any]) -> list[dict[str, Any]]:
    """Hours per coachee from whichever stats key holds them (a log reader's choice)."""
    for key, value in stats.items():
        if "coachee" not in key.lower() or not isinstance(value, (dict, list)):
            continue
        rows = []
        items = value.items() if isinstance(value, dict) else enumerate(value)
        for name, entry in items:
            if isinstance(entry, dict):
                label = entry.get("coachee", name)
                rows.append({"coachee": str(label), "hours": entry.get("hours"),
                             "sessions": entry.get("sessions")})  # fmt: skip
            elif isinstance(entry, (int, float)):
                rows.append({"coachee": str(name), "hours": entry, "sessions": None})
        if rows:
            return rows
    return []


def summary(file: dict[str, Any], unit: dict[str, Any] | None) -> list[dict[str, str]]:
    """The figures at the top: label, value, state."""
    stats = file.get("stats") or {}
    unit = unit or {}
    out: list[dict[str, str]] = []
    if file.get("kind") == "log":
        text, state = _against(stats.get("hours"), unit.get("coaching_hours"), " hours")
        out.append({"label": "Coaching hours", "value": text, "state": state})
        if "sessions" in stats:
            out.append({"label": "Sessions", "value": _num(stats["sessions"]), "state": "none"})
        text, state = _against(stats.get("coachees"), unit.get("min_coachees"))
        out.append({"label": "Coachees", "value": text, "state": state})
        sheets = stats.get("sheets")
        if sheets:
            names = ", ".join(str(s) for s in sheets)
            out.append({"label": "Sheets read", "value": names, "state": "none"})
        return out
    words = stats.get("words")
    if words is not None:
        lo, hi = unit.get("word_min"), unit.get("word_max")
        value, state = _num(words), "none"
        if lo or hi:
            value += f" (guidance {_num(lo) if lo else '?'}–{_num(hi) if hi else '?'})"
            state = (
                "ok" if (not lo or words >= lo * 0.9) and (not hi or words <= hi * 1.1) else "short"
            )
        out.append({"label": "Words counted", "value": value, "state": state})
    if "references" in stats or unit.get("min_references"):
        text, state = _against(stats.get("references", 0), unit.get("min_references"))
        out.append({"label": "References", "value": text, "state": state})
    if "citations" in stats:
        out.append({"label": "Citations", "value": _num(stats["citations"]), "state": "none"})
    return out


def _section_of(paragraph: int | None, outline: dict | None) -> dict | None:
    if paragraph is None or not outline:
        return None
    for s in outline.get("sections", []):
        if s.get("heading") == paragraph or s.get("start", 0) <= paragraph < s.get("end", 0):
            return s
    return None


def _section_label(key: str, unit: dict | None, outline_section: dict | None) -> str:
    if _AC_KEY.match(key):
        for ac in (unit or {}).get("acs", []):
            if ac["number"] == key:
                return f"AC {key} {ac['wording']}"
        return f"AC {key}"
    if outline_section and outline_section.get("title"):
        return outline_section["title"]
    for s in (unit or {}).get("sections", []):
        if s.get("key") == key and s.get("title"):
            return s["title"]
    return key[:1].upper() + key[1:]


def _rank(key: str, order: dict[str, int], unit: dict | None) -> float:
    """Document order; a missing AC goes where the unit's order puts it among the rest."""
    if key in order:
        return order[key]
    numbers = [ac["number"] for ac in (unit or {}).get("acs", [])]
    if key in numbers:
        pos = numbers.index(key)
        earlier = [order[n] for n in numbers[:pos] if n in order]
        if earlier:
            return max(earlier) + 0.001 * (pos + 1)
        later = [order[n] for n in numbers[pos + 1 :] if n in order]
        if later:
            return min(later) - 0.5 + 0.001 * (pos + 1)
        return 10**6 + pos
    return 10**7


def where(location: dict[str, Any]) -> str:
    """Row and cell for a log, paragraph number for an assignment (1-based for people)."""
    parts = []
    if location.get("row") is not None:
        parts.append(f"row {location['row']}")
    if location.get("cell"):
        parts.append(f"cell {location['cell']}")
    if not parts and location.get("paragraph") is not None:
        parts.append(f"paragraph {location['paragraph'] + 1}")
    return ", ".join(parts)


def groups(file: dict[str, Any], unit: dict[str, Any] | None) -> list[dict[str, Any]]:
    """Findings grouped: by sheet for a log, by section for an assignment, in order."""
    outline = file.get("outline")
    order: dict[str, int] = {}
    if outline:
        for i, s in enumerate(outline.get("sections", [])):
            key = s["key"] if s.get("kind") == "ac" else (s.get("title") or s["key"])
            order.setdefault(key, i)
    found: dict[str, dict[str, Any]] = {}
    for n, f in enumerate(file.get("findings", [])):
        loc = f.get("location") or {}
        if file.get("kind") == "log":
            key = loc.get("sheet") or ""
            label = f"Sheet {key}" if key else "The whole workbook"
            rank = (0, 0) if not key else (1, n)
        else:
            key = loc.get("section") or ""
            section = _section_of(loc.get("paragraph"), outline)
            if not key and section and section.get("kind") not in ("front", None):
                key = section["key"] if section.get("kind") == "ac" else section.get("title") or ""
            if key:
                label = _section_label(key, unit, section)
                first = loc.get("paragraph", 10**9)
                rank = (1, _rank(key, order, unit), first)
            else:
                label, rank = "The whole document", (0, 0)
        group = found.setdefault(key, {"key": key, "label": label, "rank": rank, "findings": []})
        group["rank"] = min(group["rank"], rank)
        group["findings"].append({**f, "where": where(loc)})
    checklist = file.get("checklist")
    if file.get("kind") == "assignment" and isinstance(checklist, dict):
        # ACs whose checklist (AC130) has no finding still get a group, to show their ticks.
        for key in checklist:
            if key not in found:
                rank = (1, _rank(key, order, unit), 10**9)
                label = _section_label(key, unit, None)
                found[key] = {"key": key, "label": label, "rank": rank, "findings": []}
    for g in found.values():
        items = checklist.get(g["key"]) if isinstance(checklist, dict) else None
        g["checklist"] = [_check_item(i) for i in items or [] if isinstance(i, dict)]
    ordered = sorted(found.values(), key=lambda g: g["rank"])
    for g in ordered:
        if file.get("kind") == "log":
            g["findings"].sort(key=lambda f: (f.get("location") or {}).get("row") or 0)
        del g["rank"]
    return ordered


def _check_item(item: dict[str, Any]) -> dict[str, Any]:
    evidence = item.get("evidence")
    if isinstance(evidence, list):
        evidence = ", ".join(str(e) for e in evidence)
    text = str(item.get("description", ""))
    if item.get("met") and evidence:
        text += f" ({evidence})"
    if item.get("must") is False:
        text += " (suggested)"
    return {"met": bool(item.get("met")), "text": text}


def counts(file: dict[str, Any]) -> dict[str, int]:
    out = dict.fromkeys(SEVERITIES, 0)
    for f in file.get("findings", []):
        out[f.get("severity", "info")] = out.get(f.get("severity", "info"), 0) + 1
    return out
