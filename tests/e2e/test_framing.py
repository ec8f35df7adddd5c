"""A page on another origin cannot frame the embeddable apps: their CSP allows only the main app."""

import http.server
import threading

import pytest
from playwright.sync_api import expect

from allpetplus.stack import free_port

pytestmark = pytest.mark.e2e


@pytest.fixture
def foreign_site(stack):
    """A site on another origin whose page tries to frame the licensing app."""
    victim = f'<iframe id="victim" src="{stack.url("licensing")}/embed"></iframe>'
    page_html = f"<html><body><h1>Elsewhere</h1>{victim}</body></html>"

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - http.server's naming
            body = page_html.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.mark.expect_page_errors("frame-ancestors", "Refused to frame", "blocked")
def test_a_foreign_origin_cannot_frame_the_licensing_app(stack, foreign_site, page):
    page.goto(foreign_site + "/")
    expect(page.get_by_role("heading", name="Elsewhere")).to_be_visible()
    victim = page.frame_locator("#victim")
    page.wait_for_load_state("load")
    framed = next(f for f in page.frames if f != page.main_frame)
    assert not framed.url.startswith(stack.url("licensing")), framed.url
    expect(victim.locator("#embed-waiting")).to_have_count(0)
