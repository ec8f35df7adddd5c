"""``python -m allpetplus.licence daily [--on YYYY-MM-DD]``: run the daily licence job now (reminders,
activations, expiries), optionally as if it were another day.

A command sits above every layer whatever folder holds it: this one runs the job and needs every table.
"""

from __future__ import annotations

import argparse
import sys

import allpetplus.tables  # noqa: F401 - every model, so foreign keys across domains resolve
from allpetplus.core.logging import configure_logging
from allpetplus.jobs.scheduled import licence_daily


def main(argv: list[str] | None = None) -> int:
    """Run the command."""
    parser = argparse.ArgumentParser(prog="python -m allpetplus.licence", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    daily = commands.add_parser("daily", help="run the daily licence job")
    daily.add_argument("--on", default="", help="the day to run it for (default: today)")
    args = parser.parse_args(argv)
    configure_logging()
    try:
        counts = licence_daily(args.on)
    except ValueError:
        print(f"--on: {args.on!r} is not a date like 2027-04-18", file=sys.stderr)
        return 2
    print(", ".join(f"{name}: {count}" for name, count in counts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
