"""Catalog text search on the database's own index: PostgreSQL's full-text search (a GIN index on each
product's name and summary) or SQLite's FTS5 table ``product_search`` (kept in step by triggers). Both work
the same way: every word of the query must start a word of the product ("harn" finds "harness"), a plural
finding its singular ("leashes" finds "leash")."""

from __future__ import annotations

import re

import sqlalchemy as sa
from sqlmodel import Session, select

from allpetplus.catalog.models import Product

#: The indexed document; the query repeats this exact expression so PostgreSQL uses the index (migration 0023).
PG_DOCUMENT = "to_tsvector('simple'::regconfig, coalesce(title, '') || ' ' || coalesce(summary, ''))"
_WORD = re.compile(r"[^\W_]+")


def words(query: str, most: int) -> list[str]:
    """The words of a shopper's query (letters and digits, plurals made singular), at most ``most`` of them."""
    return [_singular(word) for word in _WORD.findall(query.lower())[:most]]


def _singular(word: str) -> str:
    if len(word) > 4 and word.endswith(("ches", "shes", "sses", "xes", "zes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def matching_ids(session: Session, query: str, most: int) -> sa.Select | None:
    """The ids of the products matching ``query``, as a subquery; ``None`` when it has no words."""
    found = words(query, most)
    if not found:
        return None
    if session.get_bind().dialect.name == "postgresql":
        tsquery = " & ".join(f"{word}:*" for word in found)
        matches = sa.text(f"{PG_DOCUMENT} @@ to_tsquery('simple'::regconfig, :tsquery)").bindparams(tsquery=tsquery)
        return select(Product.id).where(matches)
    fts = " ".join(f'"{word}"*' for word in found)
    return (
        sa.select(sa.literal_column("rowid"))
        .select_from(sa.table("product_search"))
        .where(sa.text("product_search MATCH :fts").bindparams(fts=fts))
    )
