"""The ``ilm-lint`` command (see ../shared/spec/CONTRACT.md)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from . import __version__
from .config import Config, ConfigError, load_config

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
FORMATS = ("text", "json", "sarif", "html", "csv", "xlsx")
FAIL_ON = ("error", "warning", "info", "never")


class UsageError(Exception):
    pass


def _positive(kind: type):
    """An argparse type: a number above zero, else a usage error (exit 2)."""

    def parse(text: str):
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
        if value <= 0:
            raise argparse.ArgumentTypeError(f"must be above 0, not {text}")
        return value

    return parse


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ilm-lint",
        description="Check ILM coaching and mentoring assignments (.docx) and coaching "
        "logs (.xlsx) before an assessor does.",
    )
    parser.add_argument("--version", action="version", version=f"ilm-lint {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = sub.add_parser("check", help="lint files or folders")
    check.add_argument("paths", nargs="+", metavar="PATH", help=".docx/.xlsx files or folders")
    check.add_argument("--unit", help="the unit code for every file (default: detect)")
    check.add_argument("--format", choices=FORMATS, default="text")
    check.add_argument("--output", "-o", help="write the report to this file")
    check.add_argument("--fail-on", choices=FAIL_ON, help="lowest severity that fails (error)")
    check.add_argument("--select", help="rule codes, prefixes or names to run (comma-separated)")
    check.add_argument("--ignore", help="rule codes, prefixes or names to skip")
    check.add_argument("--config", help="a pyproject.toml or ilm-lint.toml to use")
    check.add_argument("--jobs", "-j", type=_positive(int), help="files linted in parallel (cores)")
    check.add_argument("--timeout", type=_positive(float), help="seconds allowed per file (30)")
    check.add_argument(
        "--grammar",
        choices=("harper", "languagetool", "off"),
        help="spelling and grammar engine (off on the command line)",
    )
    check.add_argument(
        "--checklist",
        action="store_true",
        help="show each AC's assessor checklist in the text output",
    )
    check.add_argument("--no-progress", action="store_true", help="no progress bar")

    units = sub.add_parser("units", help="list the known units, or show one")
    units.add_argument("code", nargs="?")
    units.add_argument("--config", help="a pyproject.toml or ilm-lint.toml to use")

    rules = sub.add_parser("rules", help="list the rules, or explain one")
    rules.add_argument("code", nargs="?")

    serve = sub.add_parser("serve", help="run the server behind the Word add-in")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8443)
    serve.add_argument("--cert", help="TLS certificate (PEM) for https")
    serve.add_argument("--key", help="TLS private key (PEM)")
    serve.add_argument("--config", help="a pyproject.toml or ilm-lint.toml to use")

    from .annotate import add_subparser as add_annotate  # issue 6: annotated .docx copies

    add_annotate(sub)
    return parser


def _config(args: argparse.Namespace) -> Config:
    path = Path(args.config) if getattr(args, "config", None) else None
    return load_config(path)


def _check_config(args: argparse.Namespace) -> Config:
    from . import registry

    cfg = _config(args)
    changes: dict = {}
    if args.select is not None:
        changes["select"] = registry.parse_selectors(args.select)
    if args.ignore is not None:
        changes["ignore"] = cfg.ignore + registry.parse_selectors(args.ignore)
    for name in ("fail_on", "unit", "jobs", "timeout", "grammar"):
        value = getattr(args, name)
        if value is not None:
            changes[name] = value
    cfg = cfg.replace(**changes)
    bad = registry.unknown_selectors(cfg.select + cfg.ignore)
    if bad:
        raise UsageError(f"unknown rule code or name: {', '.join(bad)} (see 'ilm-lint rules')")
    return cfg


def cmd_check(args: argparse.Namespace) -> int:
    from .analysis.context import LintOptions
    from .api import iter_lintable
    from .reporters import BINARY_FORMATS, Report, render
    from .units import UnitError

    cfg = _check_config(args)
    options = LintOptions(config=cfg, unit=cfg.unit)
    try:
        registry = options.units
    except UnitError as exc:
        raise UsageError(str(exc)) from exc
    if cfg.unit and registry.get(cfg.unit) is None:
        raise UsageError(f"unknown unit {cfg.unit!r}: run 'ilm-lint units' to list them")
    files, skipped, missing = iter_lintable(args.paths)
    for path in missing:
        print(f"ilm-lint: {path}: no such file or folder", file=sys.stderr)
    if not files:
        print("ilm-lint: no .docx, .docm, .xlsx or .xlsm file found", file=sys.stderr)
        return EXIT_USAGE
    notices = []
    if options.grammar_engine != "off":
        notices.append(
            f"spelling and grammar engine: {options.grammar_engine} (GR700/GR701 findings are info)"
        )
    results = _lint_files(files, options, args)
    report = Report(results, skipped=skipped, notices=notices, checklist=args.checklist)
    for r in results:
        for notice in r.extra.pop("notices", []):
            if notice not in report.notices:
                report.notices.append(notice)
    output = args.output
    fmt = args.format
    if fmt in BINARY_FORMATS and not output:
        raise UsageError(f"--format {fmt} needs --output FILE")
    color = (
        output is None and fmt == "text" and sys.stdout.isatty() and "NO_COLOR" not in os.environ
    )
    rendered = render(report, fmt, color=color)
    if output:
        mode = "wb" if isinstance(rendered, bytes) else "w"
        with open(output, mode, **({} if mode == "wb" else {"encoding": "utf-8"})) as fh:
            fh.write(rendered)
    else:
        sys.stdout.write(rendered)
    return exit_code(results, cfg.fail_on)


def _lint_files(files: list[Path], options, args: argparse.Namespace) -> list:
    try:
        from .batch import lint_many
    except ModuleNotFoundError:
        from .api import lint_path

        return [lint_path(f, options) for f in files]
    progress = not args.no_progress and sys.stderr.isatty() and len(files) > 1
    return lint_many(
        files, options, jobs=options.config.jobs, timeout=options.config.timeout, progress=progress
    )


def exit_code(results: list, fail_on: str) -> int:
    if fail_on == "never":
        return EXIT_OK
    threshold = {"error": 3, "warning": 2, "info": 1}[fail_on]
    failing = any(
        f.severity.rank >= threshold
        for r in results
        for f in r.findings
        if not (f.rule.startswith("GR") and fail_on != "info")
    )
    return EXIT_FINDINGS if failing else EXIT_OK


def cmd_units(args: argparse.Namespace) -> int:
    from .units import UnitError, UnitRegistry

    try:
        registry = UnitRegistry.load(_config(args).units_dirs)
    except UnitError as exc:
        raise UsageError(str(exc)) from exc
    if not args.code:
        for unit in registry.all():
            hours = f"  {unit.coaching_hours:g} h" if unit.coaching_hours else ""
            level = f"L{unit.level}" if unit.level else "  "
            print(f"{unit.code:<26} {level}  {unit.title}{hours}")
        return EXIT_OK
    unit = registry.get(args.code)
    if unit is None:
        raise UsageError(f"unknown unit {args.code!r}: run 'ilm-lint units' to list them")
    print(f"{unit.code}: {unit.title}")
    print(f"  qualification: {unit.qualification}  (level {unit.level})")
    if unit.acs:
        print("  assessment criteria:")
        for ac in unit.acs:
            marks = f" [{ac.marks} marks]" if ac.marks else ""
            # ac.key reads "D7.03 1.1" in a combined assessment, "1.1" elsewhere
            print(f"    {ac.key:<5} ({ac.verb}) {ac.wording}{marks}")
    for req in unit.sections:
        marks = f" {req.marks} marks, min {req.min_marks}" if req.marks else ""
        print(f"  required section: {req.title}{marks}")
    print(f"  minimum references: {unit.min_references}")
    if unit.word_min or unit.word_max:
        print(f"  word guidance: {unit.word_min or '?'}-{unit.word_max or '?'}")
    if unit.coaching_hours:
        paid = f" ({unit.paid_hours:g} paid)" if unit.paid_hours else ""
        print(f"  coaching hours: {unit.coaching_hours:g}{paid}")
    if unit.min_coachees:
        print(f"  minimum coachees: {unit.min_coachees}")
    return EXIT_OK


def cmd_rules(args: argparse.Namespace) -> int:
    from .registry import all_rules, get_rule

    if not args.code:
        for r in all_rules():
            print(f"{r.code}  {r.name:<28} {r.severity.value:<8} {r.summary}")
        return EXIT_OK
    r = get_rule(args.code)
    if r is None:
        raise UsageError(f"unknown rule {args.code!r}: run 'ilm-lint rules' to list them")
    print(f"{r.code} {r.name} ({r.severity.value})")
    print(f"{r.summary}\n")
    print(r.doc)
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    if bool(args.cert) != bool(args.key):
        raise UsageError("--cert and --key go together")
    from addin_server import serve

    return (
        serve(host=args.host, port=args.port, cert=args.cert, key=args.key, config=_config(args))
        or EXIT_OK
    )


def cmd_annotate(args: argparse.Namespace) -> int:
    from .annotate import cmd_annotate as annotate

    return annotate(args)


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_USAGE
    handler = {"check": cmd_check, "units": cmd_units, "rules": cmd_rules, "serve": cmd_serve}
    handler["annotate"] = cmd_annotate
    try:
        return handler[args.command](args)
    except (UsageError, ConfigError) as exc:
        print(f"ilm-lint: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        return EXIT_OK
    except KeyboardInterrupt:
        return 130
