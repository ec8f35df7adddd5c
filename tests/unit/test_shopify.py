"""Shopify deliveries: HMAC and shop checks, and order changes that never go backwards."""

import base64
import hashlib
import hmac
import json
from datetime import timedelta

import pytest
from sqlmodel import select

from allpetplus.core.errors import ValidationFailed
from allpetplus.core.models import utcnow
from allpetplus.core.settings import settings
from allpetplus.order.models import OrderMeta
from allpetplus.webhook import shopify
from allpetplus.webhook.errors import NotYet
from allpetplus.webhook.models import DeliveryStatus, WebhookDelivery
from allpetplus.webhook.service import MAX_ATTEMPTS, process_due

SECRET = "shpss_test_secret"


@pytest.fixture(autouse=True)
def configured(monkeypatch):
    monkeypatch.setattr(settings, "SHOPIFY_WEBHOOK_SECRET", SECRET)
    monkeypatch.setattr(settings, "SHOPIFY_SHOP_DOMAIN", "allpetplus.myshopify.com")


def sign(body: bytes, secret: str = SECRET) -> str:
    return base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()


def test_hmac_and_shop_are_checked():
    body = b'{"id": 1}'
    shopify.verify(body, sign(body), "allpetplus.myshopify.com")
    for signature, shop in ((sign(body, "wrong"), "allpetplus.myshopify.com"), (None, "allpetplus.myshopify.com"),
                            (sign(body), "other.myshopify.com")):  # fmt: skip
        with pytest.raises(ValidationFailed):
            shopify.verify(body, signature, shop)
    with pytest.raises(ValidationFailed):
        shopify.verify(body + b" ", sign(body), "allpetplus.myshopify.com")


def order(updated_at: str, **changes) -> dict:
    return {"id": 4501, "name": "#1001", "email": "shop@example.com", "total_price": "54.90", "subtotal_price": "49.00",
            "total_tax": "5.90", "currency": "USD", "financial_status": "pending", "fulfillment_status": None,
            "updated_at": updated_at, **changes}  # fmt: skip


def test_orders_are_created_updated_and_never_moved_backwards(session, engine):
    assert shopify.handle(session, "orders/create", order("2026-11-20T10:00:00Z")) == "order shopify:4501 placed"
    assert shopify.handle(session, "orders/updated", order("2026-11-20T11:00:00Z", financial_status="paid")).endswith(
        "paid"
    )
    fulfilled = {"order_id": 4501, "tracking_company": "UPS", "tracking_number": "1Z999AA10123456784"}
    assert shopify.handle(session, "fulfillments/create", fulfilled).endswith("shipped")
    late = shopify.handle(session, "orders/updated", order("2026-11-20T10:30:00Z", financial_status="pending"))
    assert late.startswith("no change: delivery older")
    stale_state = shopify.handle(session, "orders/updated", order("2026-11-21T09:00:00Z", financial_status="paid"))
    assert stale_state.endswith("unchanged (would go backwards)")
    [row] = session.exec(select(OrderMeta)).all()
    assert row.status.value == "SHIPPED" and row.total_cents == 5490 and row.carrier == "ups"
    assert [e["status"] for e in row.timeline] == ["PLACED", "PAID", "SHIPPED"]
    assert shopify.handle(session, "customers/create", {}) == "ignored: topic not handled"
    with pytest.raises(NotYet, match="shopify:999 has not arrived yet"):
        shopify.handle(session, "fulfillments/update", {"order_id": 999})


def _stored(session, event_id: str, topic: str, payload: dict) -> WebhookDelivery:
    row = WebhookDelivery(provider="shopify", event_id=event_id, topic=topic, body=json.dumps(payload))
    session.add(row)
    session.commit()
    return row


def test_a_fulfilment_before_its_order_waits_then_applies(session):
    shipped = {"order_id": 4501, "tracking_company": "UPS", "tracking_number": "1Z999AA10123456784"}
    fulfilment = _stored(session, "f-1", "fulfillments/create", shipped)
    assert process_due(session) == [fulfilment.id]
    assert fulfilment.status == DeliveryStatus.RECEIVED and fulfilment.outcome.startswith("waiting: order shopify:4501")
    assert fulfilment.retry_at is not None and process_due(session) == []  # not due yet: nothing to do
    created = _stored(session, "o-1", "orders/create", order("2026-11-20T10:00:00Z", financial_status="paid"))
    assert process_due(session) == [created.id]
    fulfilment.retry_at = utcnow() - timedelta(seconds=1)
    session.add(fulfilment)
    assert process_due(session) == [fulfilment.id] and fulfilment.status == DeliveryStatus.PROCESSED
    row = session.exec(select(OrderMeta)).one()
    assert [e["status"] for e in row.timeline] == ["PLACED", "PAID", "SHIPPED"] and row.tracking_number


def test_a_delivery_that_keeps_failing_ends_failed_with_its_reason(session):
    broken = _stored(session, "f-2", "fulfillments/create", {"order_id": 777})
    for attempt in range(1, MAX_ATTEMPTS + 1):
        broken.retry_at = None
        session.add(broken)
        assert process_due(session) == [broken.id] and broken.attempts == attempt
    assert broken.status == DeliveryStatus.FAILED and "shopify:777" in broken.outcome
    assert process_due(session) == []


def test_a_shopify_order_keeps_its_name_its_lines_and_a_designed_line_and_is_announced(session):
    from allpetplus.builder.models import SavedDesign
    from allpetplus.core.outbox import OutboxEvent
    from allpetplus.order.models import OrderLine
    from allpetplus.order.service import view_order
    from allpetplus.user.models import Role, UserProfile

    staff = UserProfile(email="staff@example.com", role=Role.ADMIN)
    owner = UserProfile(email="shop@example.com", email_verified_at=utcnow())
    session.add_all([staff, owner])
    session.flush()
    design = SavedDesign(user_id=owner.id, name="Biscuit's collar", product_type="collar", price_cents=2000,
                         config={"size": "M", "width_mm": 20, "band_colour": "berry"})  # fmt: skip
    session.add(design)
    session.commit()
    items = [{"title": "Shopify bandana", "sku": "SB-M", "quantity": 2, "price": "12.00", "variant_id": 1},
             {"title": "Custom collar", "quantity": 1, "price": "20.00",
              "properties": [{"name": "_design_id", "value": str(design.id)}]}]  # fmt: skip
    shopify.handle(session, "orders/create", order("2026-11-20T10:00:00Z", line_items=items))
    row = session.exec(select(OrderMeta)).one()
    assert row.source_name == "#1001" and row.reference == "#1001"
    assert row.user_id == owner.id  # placed with the owner's verified address
    lines = session.exec(select(OrderLine).where(OrderLine.order_id == row.id).order_by(OrderLine.id)).all()
    assert [(line.kind, line.quantity, line.unit_cents) for line in lines] == [
        ("variant", 2, 1200),
        ("design", 1, 2000),
    ]
    assert lines[1].product_type == "collar" and lines[1].config["band_colour"] == "berry"
    [created] = session.exec(select(OutboxEvent).where(OutboxEvent.name == "order.created")).all()
    assert created.payload["source"] == "shopify" and created.payload["reference"] == "#1001"
    assert created.payload["has_design"] is True
    assert view_order(session, staff, row.id).reference == "#1001"
    shopify.handle(session, "orders/updated", order("2026-11-20T11:00:00Z", line_items=items))
    assert len(session.exec(select(OrderLine)).all()) == 2  # the lines are taken once, as bought


def test_shopify_orders_are_e_mailed_from_here_only_when_the_shop_chooses_so(session, monkeypatch):
    from allpetplus.events.bus import dispatch
    from allpetplus.events.models import EmailMessage

    shopify.handle(session, "orders/create", order("2026-11-20T10:00:00Z", financial_status="paid"))
    session.commit()
    dispatch(session)
    session.commit()
    assert session.exec(select(EmailMessage)).all() == []  # Shopify sends its own confirmation
    monkeypatch.setattr(settings, "SHOPIFY_ORDER_EMAILS", True)
    shopify.handle(session, "orders/create", order("2026-11-20T10:00:00Z", id=4502, name="#1002",
                                                   financial_status="paid"))  # fmt: skip
    session.commit()
    dispatch(session)
    session.commit()
    [mail] = session.exec(select(EmailMessage)).all()
    assert mail.to == "shop@example.com" and mail.subject == "Your All Pet Plus order #1002 is confirmed"


def test_a_product_with_its_own_photo_shows_it_at_every_size_the_pages_use(session):
    from allpetplus.application import pictures
    from allpetplus.catalog import service as catalog
    from allpetplus.shopify.catalog import apply_product
    from tests.support.shopify_standin import product

    apply_product(session, product(7))
    session.commit()
    [card] = pictures.with_pictures(session, catalog.list_products(session, query="stand-in product 7"))
    photo = "https://cdn.shopify.com/s/files/standin-7.jpg"
    assert card.image == f"{photo}?width=320" and card.image_alt == "Photo of Stand-in product 7"
    assert card.image_srcset == f"{photo}?width=320 320w, {photo}?width=640 640w, {photo}?width=960 960w"
    detail = pictures.detail_with_pictures(catalog.get_product(session, "standin-product-7"))
    assert detail.image == card.image and {v.image for v in detail.variants} == {card.image}
    assert pictures.product_picture(session, "standin-product-7").absolute_og_url == f"{photo}?width=1200"
    assert pictures.warm_catalog(session) == 0  # nothing to render for a product with a photo
