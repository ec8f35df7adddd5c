"""Uploads are checked by their bytes and size, then stored: photos where the apps serve them to anyone,
documents privately."""

import os
import stat

import pytest
from starlette.datastructures import UploadFile

from allpetplus.core import media
from allpetplus.core.errors import TooLarge, ValidationFailed
from allpetplus.core.settings import settings
from tests.support.aio import run

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
PDF = b"%PDF-1.7\n" + b"\0" * 64


def test_images_are_recognised_by_content_not_name():
    assert media.sniff_image(PNG) == "png"
    assert media.sniff_image(b"\xff\xd8\xff\xe0rest") == "jpg"
    assert media.sniff_image(b"RIFF\0\0\0\0WEBPVP8 ") == "webp"
    assert media.sniff_image(b"<svg xmlns=...>") is None
    assert media.sniff_image(PDF) is None
    assert media.sniff_document(PDF) == "pdf"


def test_a_non_image_is_refused_with_a_clear_message():
    with pytest.raises(ValidationFailed) as caught:
        media.store_image(b"MZ\x90\x00 executable", folder="pets", name_hint="x", field="photo")
    assert "JPEG, PNG" in caught.value.errors["photo"]


def test_an_oversized_image_is_refused():
    with pytest.raises(ValidationFailed) as caught:
        media.store_image(PNG + b"\0" * media.MAX_IMAGE_BYTES, folder="pets", name_hint="x", field="photo")
    assert "limit is 5 MB" in caught.value.errors["photo"]


def test_a_good_image_is_stored_locally_and_served_under_upload():
    url = media.store_image(PNG, folder="pets", name_hint="pet-1")
    assert url.startswith("/_upload/pets/pet-1-") and url.endswith(".png")
    assert (media.uploads_dir() / url.removeprefix("/_upload/")).read_bytes() == PNG


def test_a_document_is_refused_unless_it_is_a_pdf_or_an_image():
    with pytest.raises(ValidationFailed) as caught:
        media.store_document(b"<html><script>alert(1)</script>", field="rabies_certificate")
    assert "PDF or a photo" in caught.value.errors["rabies_certificate"]


def test_a_private_document_is_kept_outside_the_upload_folder_for_its_owner_only(monkeypatch, tmp_path):
    monkeypatch.setattr(settings, "VAR_DIR", tmp_path / "var")
    previous = os.umask(0o022)
    try:
        stored = media.store_document(PDF, field="document")
        again = media.store_document(PDF, field="document")
    finally:
        os.umask(previous)
    path = media.private_path(stored)
    assert path.read_bytes() == PDF and stored.content_type == "application/pdf" and stored.size == len(PDF)
    assert not path.is_relative_to(media.uploads_dir()) and list(tmp_path.rglob("uploads")) == []
    assert stat.S_IMODE(path.stat().st_mode) == 0o600 and stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert again.key != stored.key  # a random name, not one derived from the content or the record
    media.delete_document(stored)
    assert media.private_path(stored) is None and media.private_path(again) is not None


def test_an_upload_is_read_no_further_than_its_limit(tmp_path):
    with open(tmp_path / "huge.png", "w+b") as file:
        file.write(PNG)
        file.truncate(60 * 1024 * 1024)  # a 60 MB "PNG" (sparse: no disk space used)
        file.seek(0)
        with pytest.raises(TooLarge) as caught:
            run(media.read_upload(UploadFile(file), media.MAX_IMAGE_BYTES, field="photo", what="photo"))
        assert caught.value.errors == {"photo": "The photo is too large; the limit is 5 MB."}
        assert file.tell() <= media.MAX_IMAGE_BYTES + 1
        declared = UploadFile(file, size=60 * 1024 * 1024)
        file.seek(0)
        with pytest.raises(TooLarge):
            run(media.read_upload(declared, media.MAX_IMAGE_BYTES))
        assert file.tell() == 0


def test_an_upload_within_its_limit_is_read_whole(tmp_path):
    with open(tmp_path / "ok.png", "w+b") as file:
        file.write(PNG)
        file.seek(0)
        assert run(media.read_upload(UploadFile(file), media.MAX_IMAGE_BYTES)) == PNG
