"""A local stand-in for the parts of Stripe's API the shop calls, strict where Stripe is strict.

It answers ``POST /v1/checkout/sessions`` and ``POST /v1/refunds`` like Stripe, and refuses what Stripe would
refuse or what would be a bug here: a POST without an ``Idempotency-Key``, an amount that is not a positive
integer of cents, a currency that is not a three-letter code, a refund larger than what is left of the payment.
A request sent again with the same key gets the first answer back (and changes nothing), as at Stripe.
"""

from __future__ import annotations

import http.server
import json
import re
import threading
import urllib.parse
from dataclasses import dataclass, field

from allpetplus.stack import free_port


@dataclass
class StripeStandIn:
    """The running stand-in: its URL, the requests it received, and what each payment has had refunded."""

    url: str = ""
    calls: list[dict] = field(default_factory=list)
    #: Amount paid by payment intent (refunds of an unknown intent are refused, as at Stripe).
    payments: dict[str, int] = field(default_factory=dict)
    refunded: dict[str, int] = field(default_factory=dict)
    answers: dict[str, tuple[int, dict]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def posts(self, path: str) -> list[dict]:
        """The requests received on ``path`` (answered or refused), oldest first."""
        return [call for call in self.calls if call["path"] == path]

    def answer(self, path: str, key: str, form: dict[str, str]) -> tuple[int, dict]:
        with self.lock:
            if key in self.answers:
                return self.answers[key]
            status, body = self._new(path, form)
            if status == 200:  # Stripe keeps the answer to a key once the request succeeded
                self.answers[key] = (status, body)
            return status, body

    def _new(self, path: str, form: dict[str, str]) -> tuple[int, dict]:
        if path == "/v1/checkout/sessions":
            number = len(self.posts(path))
            return 200, {"id": f"cs_test_{number:06d}", "object": "checkout.session",
                         "url": f"https://checkout.stripe.com/c/pay/cs_test_{number:06d}"}  # fmt: skip
        if path == "/v1/refunds":
            intent, amount, currency = form.get("payment_intent", ""), form.get("amount", ""), form.get("currency", "")
            if not re.fullmatch(r"[1-9]\d*", amount) or not re.fullmatch(r"[a-z]{3}", currency):
                return _error("amount must be a positive integer of cents and currency a three-letter code")
            if intent not in self.payments:
                return _error(f"No such payment_intent: '{intent}'", code="resource_missing", status=404)
            left = self.payments[intent] - self.refunded.get(intent, 0)
            if int(amount) > left:
                return _error(f"Refund amount ({amount}) is greater than unrefunded amount ({left})",
                              code="amount_too_large")  # fmt: skip
            self.refunded[intent] = self.refunded.get(intent, 0) + int(amount)
            number = len(self.posts(path))
            return 200, {"id": f"re_test_{number:06d}", "object": "refund", "amount": int(amount),
                         "currency": currency, "payment_intent": intent, "status": "succeeded"}  # fmt: skip
        return _error(f"Unrecognized request URL (POST: {path})", status=404)


def _error(message: str, *, code: str = "parameter_invalid", status: int = 400) -> tuple[int, dict]:
    return status, {"error": {"type": "invalid_request_error", "code": code, "message": message}}


def start() -> tuple[StripeStandIn, http.server.ThreadingHTTPServer]:
    """Start the stand-in on a free port, in a thread."""
    standin = StripeStandIn()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - http.server's naming
            raw = self.rfile.read(int(self.headers["Content-Length"] or 0)).decode()
            form = {k: v[-1] for k, v in urllib.parse.parse_qs(raw).items()}
            key = self.headers.get("Idempotency-Key") or ""
            path = self.path.split("?", 1)[0]
            standin.calls.append({"path": path, "auth": self.headers["Authorization"], "form": form, "key": key})
            if not key:
                status, body = _error("Every POST must carry an Idempotency-Key header.")
            else:
                status, body = standin.answer(path, key, form)
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    standin.url = f"http://127.0.0.1:{server.server_address[1]}"
    return standin, server
