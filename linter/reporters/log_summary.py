"""The short per-coachee table the text report shows for a coaching log."""

from __future__ import annotations

from ..model import FileResult


def _hours(value: float) -> str:
    return f"{value:.2f}"


def format_log_summary(result: FileResult) -> list[str]:
    """Lines (without indentation): sheets read, hours per coachee, total against the
    requirement. Empty for a result that is not a log or has no stats."""
    stats = result.stats
    if result.kind != "log" or "hours" not in stats:
        return []
    lines: list[str] = []
    sheets = stats.get("sheets") or []
    skipped = stats.get("skipped_sheets") or []
    if sheets or skipped:
        read = ", ".join(sheets) if sheets else "none"
        tail = f" (skipped: {', '.join(skipped)})" if skipped else ""
        lines.append(f"sheets read: {read}{tail}")
    per_hours: dict[str, float] = stats.get("hours_per_coachee") or {}
    per_sessions: dict[str, int] = stats.get("sessions_per_coachee") or {}
    total_hours = float(stats["hours"])
    sessions = int(stats.get("sessions", 0))
    names = list(per_hours) or list(per_sessions)
    width = max([len("coachee"), len("total"), *(len(n) for n in names)])
    width = min(width, 40)
    lines.append(f"{'coachee':<{width}}  sessions    hours")
    for name in names:
        shown = name if len(name) <= width else name[: width - 1] + "…"
        lines.append(
            f"{shown:<{width}}  {per_sessions.get(name, 0):>8}  {_hours(per_hours.get(name, 0)):>7}"
        )
    total = f"{'total':<{width}}  {sessions:>8}  {_hours(total_hours):>7}"
    required = stats.get("required_hours")
    if required is not None:
        gap = float(required) - total_hours
        verdict = f"{_hours(gap)} short" if gap > 0.004 else "met"
        total += f"  of {float(required):g} required ({verdict})"
    lines.append(total)
    coachees = stats.get("coachees", len(names))
    need = stats.get("required_coachees")
    if need is not None:
        verdict = "met" if coachees >= need else f"{need - coachees} short"
        lines.append(f"coachees: {coachees} of {need} required ({verdict})")
    if "paid_hours" in stats:
        paid = f"paid hours: {_hours(float(stats['paid_hours']))}"
        need_paid = stats.get("required_paid_hours")
        if need_paid is not None:
            gap = float(need_paid) - float(stats["paid_hours"])
            verdict = f"{_hours(gap)} short" if gap > 0.004 else "met"
            paid += f" of {float(need_paid):g} required ({verdict})"
        lines.append(paid)
    if "group_hours" in stats:
        lines.append(f"group coaching hours: {_hours(float(stats['group_hours']))}")
    return lines
