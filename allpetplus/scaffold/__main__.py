"""``python -m allpetplus.scaffold module NAME``, ``python -m allpetplus.scaffold app NAME --port N`` or
``python -m allpetplus.scaffold product-type NAME``."""

from __future__ import annotations

import argparse
import sys

from allpetplus.core.settings import PROJECT_ROOT
from allpetplus.scaffold.app import create_app
from allpetplus.scaffold.module import ScaffoldError, create_module
from allpetplus.scaffold.product_type import create_product_type


def main(argv: list[str] | None = None) -> int:
    """Run the generator and list what it wrote."""
    parser = argparse.ArgumentParser(prog="python -m allpetplus.scaffold", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    module = commands.add_parser("module", help="a domain module: model, service, state, page, migration, tests")
    module.add_argument("name", help="lowercase package name, e.g. grooming")
    app = commands.add_parser("app", help="an embeddable Reflex app with a landing page, /embed and a dashboard tab")
    app.add_argument("name", help="lowercase package name, e.g. adoption")
    app.add_argument("--port", type=int, required=True, help="the port it serves on, e.g. 3003")
    app.add_argument("--label", default="", help="the name people see (default: from NAME)")
    product = commands.add_parser("product-type", help="a product the builder designs: schema, rules, price, fit, "
                                  "3D model and picture, tests")  # fmt: skip
    product.add_argument("name", help="lowercase package name, e.g. bandana")
    args = parser.parse_args(argv)
    try:
        if args.command == "module":
            written = create_module(PROJECT_ROOT, args.name)
            after = f"alembic upgrade head, then open /{args.name}; pytest tests/unit/test_{args.name}.py"
        elif args.command == "product-type":
            written = create_product_type(PROJECT_ROOT, args.name)
            after = (f"edit allpetplus/builder/types/{args.name}/ (options, rules, price, model); pytest "
                     f"tests/unit/test_{args.name}_type.py tests/unit/test_product_types.py")  # fmt: skip
        else:
            written = create_app(PROJECT_ROOT, args.name, args.port, args.label)
            after = (f"bash scripts/run.sh starts it on :{args.port} (set {args.name.upper()}_URL elsewhere); add it "
                     f"to docker-compose.yml; pytest tests/unit/test_{args.name}_app.py")  # fmt: skip
    except ScaffoldError as exc:
        print(f"scaffold: {exc}", file=sys.stderr)
        return 2
    for path in written:
        print(f"  wrote {path.relative_to(PROJECT_ROOT)}")
    print(f"Next: {after}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
