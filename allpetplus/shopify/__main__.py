"""``python -m allpetplus.shopify sync``: import (or reconcile) the catalog from the connected Shopify store."""

from __future__ import annotations

import argparse
import sys

from allpetplus.core.db import session_scope
from allpetplus.shopify.catalog import BULK_FROM, sync_catalog
from allpetplus.shopify.client import AdminClient, NotConfigured, ShopifyError


def main(argv: list[str] | None = None) -> int:
    """Run the command; returns the exit status (2: not connected or refused by Shopify)."""
    parser = argparse.ArgumentParser(prog="python -m allpetplus.shopify", description=__doc__)
    parser.add_argument("command", choices=["sync"], help="sync: products, variants, prices and stock")
    how = parser.add_mutually_exclusive_group()
    how.add_argument("--bulk", dest="bulk", action="store_true", default=None,
                     help=f"read the store with a bulk operation (default from {BULK_FROM:,} products)")  # fmt: skip
    how.add_argument("--paged", dest="bulk", action="store_false", help="read the store page by page")
    args = parser.parse_args(argv)
    try:
        with AdminClient() as admin:
            report = sync_catalog(admin, session_scope, bulk=args.bulk)
    except NotConfigured as exc:
        print(f"shopify: {exc}", file=sys.stderr)
        return 2
    except ShopifyError as exc:
        print(f"shopify: the sync stopped: {exc}", file=sys.stderr)
        return 2
    print(report.summary())
    for line in report.changed:
        print(f"  {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
