"""``python -m addin_server.production``: the app under waitress, for real use.

Waitress reads requests in ``--threads`` threads of one process and hands every lint to
a pool of ``--workers`` processes (one per core is right: the lint is CPU-bound). The app
is stateless, so machines can be added freely behind a load balancer.
"""

from __future__ import annotations

import argparse
import sys
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from linter.config import ConfigError, load_config

from .serving import run_production


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m addin_server.production")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument(
        "--workers", type=int, default=2, help="lint processes, one per core (default 2)"
    )
    parser.add_argument("--threads", type=int, default=8, help="HTTP threads (default 8)")
    parser.add_argument("--config", help="a pyproject.toml or ilm-lint.toml to use")
    args = parser.parse_args(argv)
    try:
        config = load_config(Path(args.config) if args.config else None)
        return run_production(args.host, args.port, args.workers, args.threads, config)
    except (ConfigError, ValueError, OSError) as exc:
        print(f"ilm-lint: {exc}", file=sys.stderr)
        return 2
    except BrokenProcessPool as exc:  # a lint worker could not start
        print(f"ilm-lint: the lint workers could not start: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
