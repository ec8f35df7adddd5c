"""A local stand-in for the parts of Stripe's API the shop calls, strict where Stripe is strict.

It answers Checkout Sessions (payment and setup mode), refunds, customers, a customer's card payment methods
(listed and detached) and off-session payment intents like Stripe, and refuses what Stripe would refuse or what
would be a bug here: a POST without an ``Idempotency-Key``, an amount that is not a positive integer of cents, a
currency that is not a three-letter code, a refund larger than what is left of the payment, a card charged
off-session without ``off_session`` and ``confirm``, or charged for a customer it does not belong to. A request
sent again with the same key gets the first answer back (and changes nothing), as at Stripe, declines included.

Saved cards behave as Stripe's test cards do, by what they were saved as (``save_card``): ``succeeds``,
``authentication_required`` (the bank wants the owner to confirm: 3-D Secure) or ``declined``.

With ``webhook_url`` and ``webhook_secret`` set it also plays Stripe's hosted Checkout page for a browser: a
session's URL opens a page with one button that pays (or saves a test card, in setup mode), sends the signed
``checkout.session.completed`` event to the shop as Stripe would, and returns to the session's ``success_url``.
"""

from __future__ import annotations

import hashlib
import hmac
import html
import http.server
import json
import re
import threading
import time
import urllib.parse
import urllib.request
import uuid
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
    #: Saved cards by customer: payment method id → its card and behaviour.
    customers: dict[str, dict[str, dict]] = field(default_factory=dict)
    intents: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)
    #: Where the hosted Checkout page sends its signed events (none: sessions point at Stripe's real page).
    webhook_url: str = ""
    webhook_secret: str = ""
    #: Checkout Sessions by id: the form they were created with.
    sessions: dict[str, dict[str, str]] = field(default_factory=dict)

    def save_card(self, customer: str, behaviour: str = "succeeds", last4: str = "4242", brand: str = "visa") -> str:
        """What finishing Stripe's card page does: a card saved on ``customer``; returns its payment method id."""
        with self.lock:
            number = sum(len(cards) for cards in self.customers.values()) + 1
            pm = f"pm_test_{number:03d}{uuid.uuid4().hex[:10]}"
            self.customers.setdefault(customer, {})[pm] = {
                "id": pm, "object": "payment_method", "type": "card", "customer": customer, "behaviour": behaviour,
                "card": {"brand": brand, "last4": last4, "exp_month": 12, "exp_year": 2030},
            }  # fmt: skip
            return pm

    def make_card(self, pm: str, behaviour: str) -> None:
        """A saved card that starts behaving otherwise (e.g. the bank now declines it)."""
        with self.lock:
            for cards in self.customers.values():
                if pm in cards:
                    cards[pm]["behaviour"] = behaviour

    def charges(self) -> list[dict]:
        """The off-session charges that went through (one per payment intent that succeeded)."""
        return [body for status, body in self.answers.values() if status == 200 and body.get("object") ==
                "payment_intent" and body.get("status") == "succeeded"]  # fmt: skip

    def get(self, path: str, query: dict[str, str]) -> tuple[int, dict]:
        if path == "/v1/payment_methods":
            with self.lock:
                cards = list(self.customers.get(query.get("customer", ""), {}).values())[::-1]
            data = [{k: v for k, v in card.items() if k != "behaviour"} for card in cards]
            return 200, {"object": "list", "data": data, "has_more": False, "url": path}
        return _error(f"Unrecognized request URL (GET: {path})", status=404)

    def posts(self, path: str) -> list[dict]:
        """The requests received on ``path`` (answered or refused), oldest first."""
        return [call for call in self.calls if call["path"] == path and call.get("method", "POST") == "POST"]

    def answer(self, path: str, key: str, form: dict[str, str]) -> tuple[int, dict]:
        with self.lock:
            if key in self.answers:
                return self.answers[key]
            status, body = self._new(path, form)
            if status in (200, 402):  # Stripe keeps the answer to a key once the request ran (declines too)
                self.answers[key] = (status, body)
            return status, body

    def _new(self, path: str, form: dict[str, str]) -> tuple[int, dict]:
        if path == "/v1/checkout/sessions":
            number = len(self.posts(path))
            if form.get("mode") == "setup" and form.get("customer") not in self.customers:
                return _error(f"No such customer: '{form.get('customer')}'", code="resource_missing", status=404)
            session = f"cs_test_{number:06d}"
            self.sessions[session] = form
            page = f"{self.url}/pay/{session}" if self.webhook_url else f"https://checkout.stripe.com/c/pay/{session}"
            return 200, {"id": session, "object": "checkout.session", "mode": form.get("mode"), "url": page}
        if path == "/v1/customers":
            customer = f"cus_test_{uuid.uuid4().hex[:14]}"  # unique across runs, as at Stripe
            self.customers[customer] = {}
            return 200, {"id": customer, "object": "customer", "email": form.get("email", "")}
        detach = re.fullmatch(r"/v1/payment_methods/([^/]+)/detach", path)
        if detach:
            for cards in self.customers.values():
                if detach.group(1) in cards:
                    card = cards.pop(detach.group(1))
                    return 200, {**{k: v for k, v in card.items() if k != "behaviour"}, "customer": None}
            return _error(f"No such PaymentMethod: '{detach.group(1)}'", code="resource_missing", status=404)
        if path == "/v1/payment_intents":
            return self._charge(form)
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

    def _charge(self, form: dict[str, str]) -> tuple[int, dict]:
        amount, currency = form.get("amount", ""), form.get("currency", "")
        if not re.fullmatch(r"[1-9]\d*", amount) or not re.fullmatch(r"[a-z]{3}", currency):
            return _error("amount must be a positive integer of cents and currency a three-letter code")
        if form.get("off_session") != "true" or form.get("confirm") != "true":
            return _error("A saved card is charged here only off-session and confirmed at once.")
        card = self.customers.get(form.get("customer", ""), {}).get(form.get("payment_method", ""))
        if card is None:
            return _error("The payment method does not belong to this customer.", code="resource_missing", status=404)
        self.intents += 1
        intent = f"pi_test_{self.intents:06d}"
        body = {"id": intent, "object": "payment_intent", "amount": int(amount), "currency": currency,
                "customer": form["customer"], "payment_method": form["payment_method"],
                "metadata": {"order": form.get("metadata[order]", "")}}  # fmt: skip
        if card["behaviour"] == "succeeds":
            self.payments[intent] = int(amount)
            return 200, {**body, "status": "succeeded"}
        code, message = DECLINES[card["behaviour"]]
        return 402, {"error": {"type": "card_error", "code": code, "decline_code": code, "message": message,
                               "payment_intent": {**body, "status": "requires_payment_method"}}}  # fmt: skip

    def checkout_page(self, session: str) -> str:
        """The hosted Checkout page of ``session``: what is paid (or that a card is saved) and one button."""
        form = self.sessions[session]
        if form.get("mode") == "setup":
            title, button = "Save a card for later payments", "Save card"
        else:
            currency = form.get("line_items[0][price_data][currency]", "").upper()
            title, button = f"Pay {_amount(form) / 100:.2f} {currency}", "Pay"
        cancel = html.escape(form.get("cancel_url", ""))
        return (
            "<!doctype html><html lang=en><link rel=icon href='data:,'><title>Stripe Checkout (test)</title>"
            f"<h1>{html.escape(title)}</h1><p>Test card 4242 4242 4242 4242</p>"
            f"<form method=post><button id=stripe-pay>{button}</button></form>"
            f"<a id=stripe-cancel href='{cancel}'>Back</a>"
        )

    def complete(self, session: str) -> str:
        """What the button does: pay (or save the card), tell the shop by a signed event; the URL to return to."""
        form = self.sessions[session]
        completed = {"id": session, "object": "checkout.session", "mode": form.get("mode"), "status": "complete",
                     "customer": form.get("customer"), "client_reference_id": form.get("client_reference_id"),
                     "metadata": {"order": form.get("metadata[order]", "")}}  # fmt: skip
        if form.get("mode") == "setup":
            self.save_card(form.get("customer", ""))
            completed["payment_status"] = "no_payment_required"
        else:
            with self.lock:
                self.intents += 1
                intent = f"pi_test_{self.intents:06d}"
                self.payments[intent] = _amount(form)
            completed.update(payment_status="paid", payment_intent=intent, amount_total=_amount(form))
        body = json.dumps({"id": f"evt_{uuid.uuid4().hex[:16]}", "object": "event", "type":
                           "checkout.session.completed", "data": {"object": completed}}).encode()  # fmt: skip
        timestamp = int(time.time())
        signature = hmac.new(self.webhook_secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
        request = urllib.request.Request(self.webhook_url, data=body, method="POST", headers={
            "Content-Type": "application/json", "Stripe-Signature": f"t={timestamp},v1={signature}"})  # fmt: skip
        with urllib.request.urlopen(request, timeout=30) as answer:
            assert answer.status == 200, answer.status
        return form.get("success_url", "").replace("{CHECKOUT_SESSION_ID}", session)


def _amount(form: dict[str, str]) -> int:
    """The total of a payment-mode session's line items, in cents."""
    total, index = 0, 0
    while f"line_items[{index}][price_data][unit_amount]" in form:
        item = f"line_items[{index}]"
        total += int(form[f"{item}[price_data][unit_amount]"]) * int(form[f"{item}[quantity]"])
        index += 1
    return total


#: What Stripe answers a card that does not simply pay: its error code and message.
DECLINES = {
    "authentication_required": ("authentication_required", "This payment requires authentication."),
    "declined": ("card_declined", "Your card was declined."),
}


def _error(message: str, *, code: str = "parameter_invalid", status: int = 400) -> tuple[int, dict]:
    return status, {"error": {"type": "invalid_request_error", "code": code, "message": message}}


def start() -> tuple[StripeStandIn, http.server.ThreadingHTTPServer]:
    """Start the stand-in on a free port, in a thread."""
    standin = StripeStandIn()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - http.server's naming
            path, _, query = self.path.partition("?")
            page = re.fullmatch(r"/pay/(cs_test_\d+)", path)
            if page and page.group(1) in standin.sessions:
                data = standin.checkout_page(page.group(1)).encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
                return
            standin.calls.append({"path": path, "auth": self.headers["Authorization"], "form": {}, "key": "",
                                  "method": "GET"})  # fmt: skip
            self._send(*standin.get(path, {k: v[-1] for k, v in urllib.parse.parse_qs(query).items()}))

        def _send(self, status: int, body: dict) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_POST(self):  # noqa: N802 - http.server's naming
            raw = self.rfile.read(int(self.headers["Content-Length"] or 0)).decode()
            form = {k: v[-1] for k, v in urllib.parse.parse_qs(raw).items()}
            key = self.headers.get("Idempotency-Key") or ""
            path = self.path.split("?", 1)[0]
            page = re.fullmatch(r"/pay/(cs_test_\d+)", path)
            if page and page.group(1) in standin.sessions:  # the hosted page's button (a browser, no API key)
                self.send_response(303)
                self.send_header("Location", standin.complete(page.group(1)))
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            standin.calls.append({"path": path, "auth": self.headers["Authorization"], "form": form, "key": key})
            if not key:
                status, body = _error("Every POST must carry an Idempotency-Key header.")
            else:
                status, body = standin.answer(path, key, form)
            self._send(status, body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    standin.url = f"http://127.0.0.1:{server.server_address[1]}"
    return standin, server
