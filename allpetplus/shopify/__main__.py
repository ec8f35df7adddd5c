"""``python -m allpetplus.shopify sync``: import (or reconcile) the catalog from the connected Shopify store."""

from __future__ import annotations

import argparse
import sys

from allpetplus.core.db import session_scope
from allpetplus.shopify.catalog import sync_catalog
from allpetplus.shopify.client import AdminClient, NotConfigured, ShopifyError


def main(argv: list[str] | None = None) -> int:
    """Run the command; returns the exit status (2: not connected or refused by Shopify)."""
    parser = argparse.ArgumentParser(prog="python -m allpetplus.shopify", description=__doc__)
    parser.add_argument("command", choices=["sync"], help="sync: products, variants, prices and stock")
    parser.parse_args(argv)
    try:
        with AdminClient() as admin:
            report = sync_catalog(admin, session_scope)
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
