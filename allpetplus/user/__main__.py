"""``python -m allpetplus.user promote|demote EMAIL``: give or take the staff (ADMIN) role."""

import argparse
import sys

from allpetplus.core.db import session_scope
from allpetplus.core.errors import DomainError
from allpetplus.user.models import Role
from allpetplus.user.service import set_role


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(prog="python -m allpetplus.user", description=__doc__)
    parser.add_argument("action", choices=["promote", "demote"])
    parser.add_argument("email")
    args = parser.parse_args(argv)
    role = Role.ADMIN if args.action == "promote" else Role.USER
    try:
        with session_scope() as session:
            user = set_role(session, args.email, role)
    except DomainError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"{user.email} is now {user.role.value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
