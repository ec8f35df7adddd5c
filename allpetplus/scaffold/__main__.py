"""``python -m allpetplus.scaffold module NAME``."""

from __future__ import annotations

import argparse
import sys

from allpetplus.core.settings import PROJECT_ROOT
from allpetplus.scaffold.module import ScaffoldError, create_module


def main(argv: list[str] | None = None) -> int:
    """Run the generator and list what it wrote."""
    parser = argparse.ArgumentParser(prog="python -m allpetplus.scaffold", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    module = commands.add_parser("module", help="a domain module: model, service, state, page, migration, tests")
    module.add_argument("name", help="lowercase package name, e.g. grooming")
    args = parser.parse_args(argv)
    try:
        written = create_module(PROJECT_ROOT, args.name)
    except ScaffoldError as exc:
        print(f"scaffold: {exc}", file=sys.stderr)
        return 2
    for path in written:
        print(f"  wrote {path.relative_to(PROJECT_ROOT)}")
    print(f"Next: alembic upgrade head, then open /{args.name}; run pytest tests/unit/test_{args.name}.py")
    return 0


if __name__ == "__main__":
    sys.exit(main())
