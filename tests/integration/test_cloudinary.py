"""With CLOUDINARY_URL set, photos go to Cloudinary through the real SDK (a local server stands in)."""

import http.server
import json
import threading

import pytest

from allpetplus.core import media
from allpetplus.core.settings import settings
from allpetplus.stack import free_port

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


@pytest.fixture
def cloudinary_api(monkeypatch):
    received: list[dict] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - http.server's naming
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.append({"path": self.path, "body": body})
            answer = json.dumps({"secure_url": "https://res.cloudinary.com/demo/image/upload/v1/allpetplus/pets/x.png"})
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(answer.encode())

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    prefix = f"http://127.0.0.1:{server.server_address[1]}"
    monkeypatch.setattr(settings, "CLOUDINARY_URL", f"cloudinary://123456:s3cr3t@demo?upload_prefix={prefix}")
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
    assert b"s3cr3t" not in body


def test_a_refused_file_never_reaches_cloudinary(cloudinary_api):
    with pytest.raises(Exception, match="JPEG, PNG"):
        media.store_image(b"not an image", folder="pets", name_hint="pet-7", field="photo")
    assert cloudinary_api == []
