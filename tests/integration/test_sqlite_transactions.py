"""Transactions on the embedded SQLite database under contention: a transaction that reads and then writes
never fails with "database is locked" and never loses another one's update; savepoints still work;
read-only transactions do not queue behind writers and cannot write."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from allpetplus.builder.config import current_palette, forget_palette
from allpetplus.core.db import session_scope

THREADS = 8
ROUNDS = 60


@pytest.fixture
def counter(engine):
    """A one-row counter table in the migrated test database."""
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE counter (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)")
        conn.exec_driver_sql("INSERT INTO counter VALUES (1, 0)")
    return engine


def _count() -> int:
    with session_scope(read_only=True) as session:
        return session.execute(text("SELECT n FROM counter WHERE id = 1")).scalar_one()


def _increment_from_threads(in_savepoint: bool) -> list[str]:
    """``THREADS`` threads each add one ``ROUNDS`` times by reading the counter and writing it back."""
    errors: list[str] = []

    def read_then_write(session) -> None:
        n = session.execute(text("SELECT n FROM counter WHERE id = 1")).scalar_one()
        session.execute(text("UPDATE counter SET n = :n WHERE id = 1"), {"n": n + 1})

    def work() -> None:
        for _ in range(ROUNDS):
            try:
                with session_scope() as session:
                    if in_savepoint:
                        with session.begin_nested():
                            read_then_write(session)
                    else:
                        read_then_write(session)
            except OperationalError as exc:
                errors.append(str(exc.orig))

    threads = [threading.Thread(target=work) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


@pytest.mark.parametrize("in_savepoint", [False, True], ids=["transaction", "savepoint"])
def test_concurrent_read_then_write_transactions_neither_fail_nor_lose_updates(counter, in_savepoint):
    errors = _increment_from_threads(in_savepoint)
    assert errors == []
    assert _count() == THREADS * ROUNDS


def test_a_savepoint_rolls_back_alone(counter):
    with session_scope() as session:
        session.execute(text("UPDATE counter SET n = 1"))
        with pytest.raises(RuntimeError), session.begin_nested():
            session.execute(text("UPDATE counter SET n = 2"))
            raise RuntimeError("undo the savepoint")
        assert session.execute(text("SELECT n FROM counter")).scalar_one() == 1
    assert _count() == 1


def test_a_read_only_transaction_does_not_wait_for_a_writer_and_cannot_write(counter):
    with session_scope() as writer:
        writer.execute(text("UPDATE counter SET n = 5"))
        # The writer holds the write lock: a page that only reads still answers, with the committed data.
        assert _count() == 0
    assert _count() == 5
    with pytest.raises(OperationalError, match="readonly"), session_scope(read_only=True) as reader:
        reader.execute(text("UPDATE counter SET n = 6"))
    assert _count() == 5
    with session_scope() as writer:  # the connection that refused the write writes again in a writing scope
        writer.execute(text("UPDATE counter SET n = 7"))
    assert _count() == 7


def test_saving_a_design_while_the_palette_is_reread_does_not_wait_for_itself(seeded):
    with session_scope() as session:  # the builder's save: it reads the user, then the palette is due again
        session.execute(text("SELECT count(*) FROM user_profile")).scalar_one()
        forget_palette()
        assert "ocean" in current_palette()
