"""With CLOUDINARY_URL set, photos and private documents go to Cloudinary through the real SDK (a local
server stands in): photos as public images, documents as ``authenticated`` assets that only a signed,
expiring URL handed out after the access check delivers."""

import http.server
import json
import threading
import time
import urllib.request
from datetime import date
from urllib.parse import parse_qsl, urlsplit

import cloudinary.utils
import pytest
from sqlmodel import select
from starlette.applications import Starlette
from starlette.testclient import TestClient

from allpetplus.core import media
from allpetplus.core.settings import settings
from allpetplus.document.models import PrivateDocument
from allpetplus.document.routes import routes as document_routes
from allpetplus.pet import service as pets
from allpetplus.stack import free_port
from allpetplus.user.models import UserProfile

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
PDF = b"%PDF-1.4\n% rabies certificate\n%%EOF"
SECRET = "s3cr3t"


@pytest.fixture
def cloudinary_api(monkeypatch):
    received: list[dict] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - http.server's naming
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.append({"method": "POST", "path": self.path, "body": body})
            answer = json.dumps({"secure_url": "https://res.cloudinary.com/demo/image/upload/v1/allpetplus/pets/x.png"})
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(answer.encode())

        def do_GET(self):  # noqa: N802 - a signed download URL being followed
            received.append({"method": "GET", "path": self.path, "body": b""})
            self.send_response(200)
            self.send_header("Content-Type", "application/pdf")
            self.end_headers()
            self.wfile.write(PDF)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    prefix = f"http://127.0.0.1:{server.server_address[1]}"
    monkeypatch.setattr(settings, "CLOUDINARY_URL", f"cloudinary://123456:{SECRET}@demo?upload_prefix={prefix}")
    yield received
    server.shutdown()


def test_photo_is_uploaded_signed_and_its_url_kept(cloudinary_api):
    url = media.store_image(PNG, folder="pets", name_hint="pet-7", field="photo")
    assert url == "https://res.cloudinary.com/demo/image/upload/v1/allpetplus/pets/x.png"
    [request] = cloudinary_api
    assert request["path"] == "/v1_1/demo/image/upload"
    body = request["body"]
    assert PNG in body
    for field in (b'name="signature"', b'name="api_key"', b"123456", b"allpetplus/pets", b"pet-7-"):
        assert field in body
    assert SECRET.encode() not in body


def test_a_refused_file_never_reaches_cloudinary(cloudinary_api):
    with pytest.raises(Exception, match="JPEG, PNG"):
        media.store_image(b"not an image", folder="pets", name_hint="pet-7", field="photo")
    assert cloudinary_api == []


def form_field(body: bytes, name: str) -> bytes:
    """One field of a multipart/form-data body."""
    return body.split(f'name="{name}"'.encode(), 1)[1].split(b"\r\n\r\n", 1)[1].split(b"\r\n", 1)[0]


def test_a_private_document_is_uploaded_as_an_authenticated_asset(cloudinary_api):
    stored = media.store_document(PDF, field="rabies_certificate")
    [request] = cloudinary_api
    assert request["path"] == "/v1_1/demo/raw/upload" and PDF in request["body"]
    assert form_field(request["body"], "type") == b"authenticated"  # never delivered by a public URL
    assert form_field(request["body"], "public_id").decode() == stored.key
    assert stored.storage == "cloudinary" and stored.key.startswith("allpetplus/private/")
    assert SECRET.encode() not in request["body"]


def test_only_the_access_checked_link_hands_out_a_signed_expiring_delivery_url(cloudinary_api, seeded):
    owner, other = UserProfile(email="dana@example.com"), UserProfile(email="other@example.com")
    seeded.add_all([owner, other])
    seeded.commit()
    pet = pets.create_pet(seeded, owner, pets.PetInput(name="Biscuit", species="dog"))
    row = pets.add_vaccination(seeded, owner, pet.id, name="Rabies", given_on=date(2026, 6, 1), expires_on=None)
    pets.attach_vaccination_document(seeded, owner, row.id, PDF)
    seeded.commit()
    link = pets.list_pets(seeded, owner)[0].vaccinations[0].document_url
    client = TestClient(Starlette(routes=document_routes), follow_redirects=False)

    answer = client.get(link)
    assert answer.status_code == 303 and answer.headers["cache-control"] == "private, no-store"
    delivery = urlsplit(answer.headers["location"])
    params = dict(parse_qsl(delivery.query))
    assert delivery.path == "/v1_1/demo/raw/download" and params["type"] == "authenticated"
    assert params["public_id"] == seeded.exec(select(PrivateDocument)).one().storage_key
    assert time.time() < int(params["expires_at"]) <= time.time() + media.PRIVATE_DELIVERY_SECONDS
    signed = {k: v for k, v in params.items() if k not in ("signature", "api_key")}
    assert params["signature"] == cloudinary.utils.api_sign_request(signed, SECRET)
    assert SECRET not in answer.headers["location"]
    with urllib.request.urlopen(answer.headers["location"], timeout=10) as followed:  # as the browser does
        assert followed.read() == PDF

    stranger = client.get(link.replace(link[-3:], "AAA" if link[-3:] != "AAA" else "BBB"))
    assert stranger.status_code == 404 and "location" not in stranger.headers

    pets.delete_vaccination(seeded, owner, row.id)
    seeded.commit()
    destroy = [r for r in cloudinary_api if r["path"] == "/v1_1/demo/raw/destroy"]
    assert len(destroy) == 1 and form_field(destroy[0]["body"], "type") == b"authenticated"
    assert form_field(destroy[0]["body"], "public_id").decode() == params["public_id"]
    assert client.get(link).status_code == 404
