"""Alembic builds the whole schema from empty on SQLite and PostgreSQL, and agrees with the models."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlmodel import Session

from alembic import command
from allpetplus.core.db import make_engine
from allpetplus.seed import load_seed
from allpetplus.tables import metadata
from tests.conftest import alembic_config


def test_upgrade_from_empty_builds_every_table(database_url):
    command.upgrade(alembic_config(database_url), "head")
    engine = make_engine(database_url)
    assert set(inspect(engine).get_table_names()) == set(metadata.tables) | {"alembic_version"}
    engine.dispose()


def test_models_and_migrations_agree(database_url):
    command.upgrade(alembic_config(database_url), "head")
    engine = make_engine(database_url)
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, metadata)
    engine.dispose()
    assert diff == []


def test_downgrade_to_empty_and_back(database_url):
    config = alembic_config(database_url)
    command.upgrade(config, "head")
    command.downgrade(config, "base")
    engine = make_engine(database_url)
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    engine.dispose()
    command.upgrade(config, "head")


def test_seed_is_idempotent_on_each_database(database_url):
    command.upgrade(alembic_config(database_url), "head")
    engine = make_engine(database_url)
    with Session(engine) as session:
        first = load_seed(session)
        session.commit()
    with Session(engine) as session:
        second = load_seed(session)
        session.commit()
    engine.dispose()
    assert first["product_variant"] > 50
    assert second == {}


def test_one_primary_pet_per_user_is_enforced_by_the_database(database_url):
    import pytest
    from sqlalchemy.exc import IntegrityError
    from sqlmodel import col, select

    from allpetplus.pet.models import PetProfile
    from allpetplus.user.models import UserProfile

    command.upgrade(alembic_config(database_url), "head")
    engine = make_engine(database_url)
    with Session(engine) as session:
        load_seed(session)
        session.commit()
        user = session.exec(select(UserProfile)).first()
        other = session.exec(
            select(PetProfile).where(PetProfile.user_id == user.id, col(PetProfile.is_primary).is_(False))
        ).first()
        other.is_primary = True
        session.add(other)
        with pytest.raises(IntegrityError):
            session.commit()
    engine.dispose()
