"""Alembic builds the whole schema from empty on SQLite and PostgreSQL, and agrees with the models."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlmodel import Session

from alembic import command
from allpetplus.core.db import make_engine
from allpetplus.seed import load_seed
from allpetplus.tables import is_model_object, metadata
from tests.conftest import alembic_config


def test_upgrade_from_empty_builds_every_table(database_url):
    command.upgrade(alembic_config(database_url), "head")
    engine = make_engine(database_url)
    tables = {name for name in inspect(engine).get_table_names() if is_model_object(name, "table", {})}
    assert tables == set(metadata.tables) | {"alembic_version"}
    engine.dispose()


def test_models_and_migrations_agree(database_url):
    command.upgrade(alembic_config(database_url), "head")
    engine = make_engine(database_url)
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True, "include_name": is_model_object})
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


def test_documents_in_the_public_upload_folder_are_moved_to_private_storage(database_url, tmp_path, monkeypatch):
    """Revision 0013 moves licence and vaccination documents out of ``/_upload`` (served to anyone) into
    private storage, one owner-only row each, shared where two records used the same file."""
    import os
    import stat

    from sqlalchemy import text

    from allpetplus.core import media
    from allpetplus.core.settings import settings

    monkeypatch.setattr(settings, "VAR_DIR", tmp_path / "var")
    config = alembic_config(database_url)
    command.upgrade(config, "0011")
    rabies, vaccine = b"%PDF-1.4\n% rabies certificate", b"\x89PNG\r\n\x1a\n" + b"\0" * 32
    public = {"licences/licence-1-rabies-0a1b.pdf": rabies, "vaccinations/pet-1-2c3d.png": vaccine}
    for name, data in public.items():
        (media.uploads_dir() / name).parent.mkdir(parents=True, exist_ok=True)
        (media.uploads_dir() / name).write_bytes(data)
    engine = make_engine(database_url)
    now = "2026-11-01 10:00:00"
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO user_profile (id, email, display_name, role, preferences, created_at) "
                          "VALUES (1, 'dana@example.com', 'Dana', 'USER', '{}', :now)"), {"now": now})  # fmt: skip
        conn.execute(text("INSERT INTO species (id, slug, name) VALUES (1, 'dog', 'Dog')"))
        conn.execute(text("INSERT INTO pet_profile (id, user_id, name, species_id, is_primary, life_status, "
                          "created_at, updated_at) VALUES (1, 1, 'Biscuit', 1, true, 'ACTIVE', :now, :now)"),
                     {"now": now})  # fmt: skip
        conn.execute(text("INSERT INTO pet_vaccination (id, pet_id, name, given_on, document_url, created_at) "
                          "VALUES (1, 1, 'Rabies', '2026-06-01', '/_upload/vaccinations/pet-1-2c3d.png', :now)"),
                     {"now": now})  # fmt: skip
        for licence_id, renewal_of in ((1, None), (2, 1)):  # a renewal shares its licence's certificate
            conn.execute(
                text("INSERT INTO licence (id, user_id, renewal_of_id, jurisdiction, status, step, owner_name, "
                     "owner_email, owner_phone, address, pet_name, species, breed, colour, altered, service_animal, "
                     "microchip, vet_clinic, rabies_certificate_url, altered_proof_url, term_years, contact_share, "
                     "fee_cents, currency, fee_breakdown, rejection_reason, reminders_sent, timeline, created_at, "
                     "updated_at) VALUES (:id, 1, :renewal_of, 'springfield', 'DRAFT', 3, '', '', '', '{}', 'Biscuit', "
                     "'dog', '', '', false, false, '', '', '/_upload/licences/licence-1-rabies-0a1b.pdf', "
                     "'https://res.cloudinary.com/demo/raw/upload/v1/allpetplus/licences/proof.pdf', 1, 'EMAIL', 0, "
                     "'USD', '[]', '', '[]', '[]', :now, :now)"),
                {"id": licence_id, "renewal_of": renewal_of, "now": now},
            )  # fmt: skip
    command.upgrade(config, "head")
    with engine.connect() as conn:
        documents = conn.execute(text("SELECT id, user_id, kind, storage, storage_key, content_type, size_bytes "
                                      "FROM private_document ORDER BY id")).mappings().all()  # fmt: skip
        licences = conn.execute(text("SELECT rabies_certificate_id, altered_proof_id FROM licence ORDER BY id")).all()
        [(certificate,)] = conn.execute(text("SELECT document_id FROM pet_vaccination")).all()
    engine.dispose()
    assert [d["kind"] for d in documents] == ["rabies_certificate", "vaccination_certificate"]
    assert {d["user_id"] for d in documents} == {1} and {d["storage"] for d in documents} == {"local"}
    assert [tuple(row) for row in licences] == [(documents[0]["id"], None)] * 2  # the Cloudinary link is dropped
    assert certificate == documents[1]["id"]
    for document, data in zip(documents, (rabies, vaccine), strict=True):
        stored = media.PrivateFile("local", document["storage_key"], document["content_type"], document["size_bytes"])
        path = media.private_path(stored)
        assert path.read_bytes() == data and stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert [p for p in media.uploads_dir().rglob("*") if p.is_file()] == []  # nothing left to serve at /_upload
    command.downgrade(config, "0011")


def _insert(conn, table: str, **values) -> None:
    """A row of ``table`` as the schema is now, with ``values`` and a placeholder in every other required column."""
    import datetime as dt

    from sqlalchemy import text

    placeholders = {int: 1, bool: False, dt.datetime: "2026-11-01 10:00:00", dt.date: "2026-11-01", dict: "{}",
                    list: "[]", float: 1.0}  # fmt: skip
    row = dict(values)
    for column in inspect(conn).get_columns(table):
        if column["name"] in row or column["nullable"] or column.get("default") is not None:
            continue
        try:
            kind = dict if "JSON" in str(column["type"]).upper() else column["type"].python_type
        except NotImplementedError:
            kind = dict
        row[column["name"]] = placeholders.get(kind, "x")
    names = ", ".join(row)
    conn.execute(text(f"INSERT INTO {table} ({names}) VALUES ({', '.join(':' + n for n in row)})"), row)


def test_upgrading_a_shop_with_data_keeps_every_row(database_url):
    """Upgrading a shop that has customers, pets, products and orders keeps them all: on SQLite, altering a table
    copies it, and the copy must not take the rows that reference it with it (``ON DELETE CASCADE``)."""
    from sqlalchemy import text

    config = alembic_config(database_url)
    command.upgrade(config, "0019")
    engine = make_engine(database_url)
    with engine.begin() as conn:
        _insert(conn, "user_profile", id=1, email="dana@example.com", role="USER")
        _insert(conn, "species", id=1, slug="dog", name="Dog")
        _insert(conn, "pet_profile", id=1, user_id=1, species_id=1, name="Biscuit", is_primary=True,
                life_status="ACTIVE")  # fmt: skip
        _insert(conn, "category", id=1, slug="harnesses", name="Harnesses")
        _insert(conn, "product", id=1, handle="trail-harness", title="Trail harness", category_id=1)
        _insert(conn, "product_variant", id=1, product_id=1, sku="TH-M", title="M", price_cents=4900)
        _insert(conn, "order_meta", id=1, user_id=1, external_id="ord-1", status="PAID")
        _insert(conn, "order_line", id=1, order_id=1, title="Trail harness", unit_cents=4900, quantity=1)
    tables = ("user_profile", "pet_profile", "product", "product_variant", "order_meta", "order_line")

    def counts() -> dict[str, int]:
        with engine.connect() as conn:
            return {table: conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one() for table in tables}

    before = counts()
    assert set(before.values()) == {1}
    command.upgrade(config, "head")
    assert counts() == before
    engine.dispose()
