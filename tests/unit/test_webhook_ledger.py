"""The webhook ledger: staff find any delivery by provider, status or text, read its payload, and replay it."""

import json

import pytest
from sqlmodel import select

from allpetplus.core.errors import NotFound, PermissionDenied
from allpetplus.order.models import OrderMeta
from allpetplus.user.models import Role, UserProfile
from allpetplus.webhook import ledger
from allpetplus.webhook.models import DeliveryStatus, WebhookDelivery
from allpetplus.webhook.service import process_due


def test_filter_payload_and_replay(session):
    staff, user = UserProfile(email="staff@example.com", role=Role.ADMIN), UserProfile(email="u@example.com")
    rows = [
        WebhookDelivery(provider="shopify", event_id="sh-1", topic="orders/create", body=json.dumps({"id": 7})),
        WebhookDelivery(provider="stripe", event_id="evt_1", topic="invoice.paid", body="{}",
                        status=DeliveryStatus.IGNORED, outcome="ignored: topic not handled"),
    ]  # fmt: skip
    session.add_all([staff, user, *rows])
    session.commit()
    assert [d.event_id for d in ledger.list_deliveries(session, staff)] == ["evt_1", "sh-1"]
    assert [d.event_id for d in ledger.list_deliveries(session, staff, provider="shopify")] == ["sh-1"]
    assert [d.event_id for d in ledger.list_deliveries(session, staff, status="IGNORED")] == ["evt_1"]
    assert [d.event_id for d in ledger.list_deliveries(session, staff, search="ORDERS/")] == ["sh-1"]
    assert ledger.list_deliveries(session, staff, search="sh-1")[0].payload == '{\n  "id": 7\n}'
    with pytest.raises(PermissionDenied):
        ledger.list_deliveries(session, user)

    process_due(session)
    session.commit()
    applied = session.get(WebhookDelivery, rows[0].id)
    assert applied.status == DeliveryStatus.PROCESSED and applied.outcome == "order shopify:7 placed"
    ledger.replay(session, staff, applied.id)
    assert applied.status == DeliveryStatus.RECEIVED and "staff@example.com" in applied.outcome
    process_due(session)
    assert applied.status == DeliveryStatus.PROCESSED and applied.attempts == 1
    [order] = session.exec(select(OrderMeta)).all()  # applied again, still one order with one timeline entry
    assert len(order.timeline) == 1
    with pytest.raises(NotFound):
        ledger.replay(session, staff, 999)
