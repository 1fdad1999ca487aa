"""What several LG rules and the stats share: exact sums, coachee keys, locations."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from ...model import Log, Session

HOUR = 3600


def session_seconds(session: Session) -> int | None:
    """A session's length in whole seconds (sums of these are exact)."""
    if session.hours is None:
        return None
    return round(session.hours * HOUR)


def counted_seconds(sessions: list[Session]) -> int:
    """Logged time: every readable, positive duration."""
    total = 0
    for s in sessions:
        hours = s.hours
        if hours is not None:
            secs = round(hours * HOUR)  # session_seconds, inline: this runs per session
            if secs > 0:
                total += secs
    return total


def coachee_key(name: str | None) -> str | None:
    """One key per coachee: "Client A", "client a " and "CLIENT  A" are one."""
    if name is None:
        return None
    return _coachee_key(name)


@lru_cache(maxsize=4096)
def _coachee_key(name: str) -> str | None:
    key = re.sub(r"\s+", " ", name).strip().casefold()
    return key or None


def hours_text(seconds: int | float) -> str:
    """14.5 hours as "14.50" (exact to 0.01)."""
    return f"{seconds / HOUR:.2f}"


def hm(seconds: int) -> str:
    sign = "-" if seconds < 0 else ""
    seconds = abs(int(seconds))
    return f"{sign}{seconds // HOUR}:{seconds % HOUR // 60:02d}"


def has_log(log: Log) -> bool:
    return bool(log.sheets) and bool(log.extras.get("sheet_info"))


def paid_seconds(log: Log) -> int | None:
    """Paid time, where the log says which sessions were paid; else None."""
    split: dict[str, int] = log.extras.get("paid_split", {})
    if not split and all(s.paid is None for s in log.sessions):
        return None
    total = 0
    for s in log.sessions:
        secs = session_seconds(s)
        if not secs or secs <= 0:
            continue
        part = split.get(f"{s.sheet}!{s.row}")
        if part is not None:
            total += part
        elif s.paid:
            total += secs
    return total


UNSEEN: Any = object()  # "not looked up yet" in the rules' per-coachee caches


def per_coachee(log: Log) -> dict[str, tuple[int, int]]:
    """Display name -> (sessions, seconds), in the order coachees first appear."""
    names: dict[str, str] = {}
    out: dict[str, list[int]] = {}
    entries: dict[str, list[int] | None] = {}  # coachee as written -> its entry (or None)
    for s in log.sessions:
        coachee = s.coachee
        if coachee is None:
            continue
        entry = entries.get(coachee, UNSEEN)
        if entry is UNSEEN:
            key = _coachee_key(coachee)
            if key is None:
                entry = None
            else:
                name = names.setdefault(key, coachee.strip())
                entry = out.setdefault(name, [0, 0])
            entries[coachee] = entry
        if entry is None:
            continue
        entry[0] += 1
        hours = s.hours
        if hours is not None:
            secs = round(hours * HOUR)
            if secs > 0:
                entry[1] += secs
    return {k: (v[0], v[1]) for k, v in out.items()}


def log_stats(log: Log, unit: Any = None) -> dict[str, Any]:
    """The log's figures for ``stats``: hours exact to 0.01, sessions, coachees, sheets."""
    total = counted_seconds(log.sessions)
    coachees = per_coachee(log)
    stats: dict[str, Any] = {
        "hours": round(total / HOUR, 2),
        "sessions": len(log.sessions),
        "coachees": len(coachees),
        "sheets": list(log.sheets),
        "hours_per_coachee": {k: round(v[1] / HOUR, 2) for k, v in coachees.items()},
        "sessions_per_coachee": {k: v[0] for k, v in coachees.items()},
    }
    if log.skipped_sheets:
        stats["skipped_sheets"] = list(log.skipped_sheets)
    paid = paid_seconds(log)
    if paid is not None:
        stats["paid_hours"] = round(paid / HOUR, 2)
    groups = [s for s in log.sessions if s.group]
    if groups:
        stats["group_hours"] = round(counted_seconds(groups) / HOUR, 2)
    if unit is not None:
        if getattr(unit, "coaching_hours", None) is not None:
            stats["required_hours"] = float(unit.coaching_hours)
        if getattr(unit, "paid_hours", None) is not None:
            stats["required_paid_hours"] = float(unit.paid_hours)
        if getattr(unit, "min_coachees", None) is not None:
            stats["required_coachees"] = int(unit.min_coachees)
    return stats
