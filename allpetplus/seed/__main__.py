"""``python -m allpetplus.seed``: load the seed data into the configured database."""

from allpetplus.core.db import session_scope
from allpetplus.seed import load_seed

if __name__ == "__main__":
    with session_scope() as session:
        created = load_seed(session)
    print("seed: " + (", ".join(f"{n} {t}" for t, n in sorted(created.items())) or "nothing new"))
