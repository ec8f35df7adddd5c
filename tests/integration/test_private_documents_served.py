"""A real backend of the licensing app serves a licence document only through the signed link the applicant's
page shows (no cookie needed, nothing cached, 404 for a forged link), keeps nothing of it in the public
``/_upload`` folder, and logs the request without the link's token."""

from pathlib import Path

import httpx
from sqlmodel import Session

from allpetplus.core.db import make_engine
from allpetplus.core.media import uploads_dir
from allpetplus.core.settings import settings
from allpetplus.licence import applications, views
from allpetplus.user.models import UserProfile
from tests.support.servers import _wait

PDF = b"%PDF-1.4\n% rabies certificate of Biscuit\n%%EOF"


def test_the_licensing_app_serves_a_document_only_through_its_signed_link(licensing_backend, monkeypatch):
    monkeypatch.setattr(settings, "VAR_DIR", Path(licensing_backend.env["VAR_DIR"]))  # the backend's files and key
    engine = make_engine(licensing_backend.env["DATABASE_URL"])
    with Session(engine, expire_on_commit=False) as session:
        owner = UserProfile(email="dana@example.com", display_name="Dana")
        session.add(owner)
        session.commit()
        licence = applications.start_application(session, owner, jurisdiction_code="springfield", pet_name="Biscuit")
        applications.attach_document(session, owner, licence.id, "rabies", PDF)
        session.commit()
        [shown] = views.list_licences(session, owner)
    engine.dispose()
    [document] = shown.documents
    url = licensing_backend.url + document["url"]

    answer = httpx.get(url)
    assert answer.status_code == 200 and answer.content == PDF
    assert answer.headers["content-type"] == "application/pdf"
    assert answer.headers["cache-control"] == "private, no-store"
    assert answer.headers["x-content-type-options"] == "nosniff"
    forged = httpx.get(url[:-3] + ("xyz" if not url.endswith("xyz") else "abc"))
    assert forged.status_code == 404 and PDF not in forged.content
    assert not uploads_dir().exists() or [p for p in uploads_dir().rglob("*") if p.is_file()] == []

    log = licensing_backend.log
    _wait(lambda: "/documents/[redacted]" in log.read_text(errors="replace"), 30, "the request in the access log")
    token = document["url"].removeprefix("/documents/")
    assert token not in log.read_text(errors="replace")
