"""Staff fulfil an order from its own page: what to pack (a design in words), where it goes, how it was paid."""

import pytest

from allpetplus.builder import service as designs
from allpetplus.cart import service as carts
from allpetplus.core.errors import NotFound, PermissionDenied, ValidationFailed
from allpetplus.events.email import queue_email
from allpetplus.events.mailbox import list_messages, open_message
from allpetplus.order import service as orders
from allpetplus.order.fulfilment import staff_order
from allpetplus.order.models import OrderStatus
from allpetplus.order.payment_state import payment_state
from allpetplus.user.models import Role, UserProfile
from tests.unit.test_builder_rules import PALETTE
from tests.unit.test_commerce import ADDRESS


@pytest.fixture
def people(seeded):
    owner, staff = UserProfile(email="owner@example.com"), UserProfile(email="staff@example.com", role=Role.ADMIN)
    seeded.add_all([owner, staff])
    seeded.commit()
    return owner, staff


def test_staff_see_what_to_pack_where_it_goes_and_how_it_was_paid(seeded, people):
    owner, staff = people
    design = designs.save_design(seeded, owner, config={"size": "L", "text": "REX", "grab_handle": True},
                                 palette=PALETTE, name="Rex's")  # fmt: skip
    cart = carts.cart_for(seeded, owner)
    carts.add_design(seeded, owner, design.id, PALETTE)
    carts.add_variant(seeded, cart, "BED-M-CHA", 2)
    order = orders.checkout(seeded, cart, user=owner, email="", address=ADDRESS, palette=PALETTE)

    view = staff_order(seeded, staff, order.id)
    assert view.address == ["Dana Demo", "1 Main St", "Austin TX 78701", "United States"]
    assert view.status_label == "Awaiting payment" and view.payment.startswith("Invoice awaiting payment, due ")
    assert (view.can_mark_paid, view.can_ship, view.item_count) == (True, False, "3 items")
    harness, bed = view.lines
    assert harness.design[0] == "Step-in harness, size L"
    assert "With back D-ring and grab handle" in harness.design
    assert any(words.startswith("Text “REX” in Block lettering") for words in harness.design)
    assert (bed.title, bed.variant, bed.quantity) == ("Orthopedic Memory Foam Bed", "Size M · Charcoal", 2)
    assert bed.line_price != bed.unit_price and view.timeline[0].status == "Awaiting payment"

    orders.staff_move(seeded, staff, order.id, "PAID")
    paid = staff_order(seeded, staff, order.id)
    assert (paid.payment, paid.can_mark_paid, paid.can_ship) == ("Invoice paid", False, True)
    order.provider = "stripe"
    assert payment_state(order) == "Paid by card"
    orders.staff_move(seeded, staff, order.id, "CANCELLED")
    assert payment_state(order) == "Cancelled after payment"

    with pytest.raises(PermissionDenied):
        staff_order(seeded, owner, order.id)
    for bad in (0, -1, "x", None, True, 10**30):
        with pytest.raises(NotFound):
            staff_order(seeded, staff, bad)


def test_a_mailbox_message_opens_with_its_text_and_html(seeded, people):
    owner, staff = people
    queue_email(seeded, key="k1", to="owner@example.com", subject="Hello", text="Plain words",
                html="<p>Rich <b>words</b></p><script>alert(1)</script>")  # fmt: skip
    seeded.commit()
    [listed] = list_messages(seeded, staff)
    assert listed.status == "Stored" and not hasattr(listed, "html")
    opened = open_message(seeded, staff, listed.id)
    assert (opened.subject, opened.recipient, opened.text) == ("Hello", "owner@example.com", "Plain words")
    assert "<b>words</b>" in opened.html
    with pytest.raises(PermissionDenied):
        open_message(seeded, owner, listed.id)
    with pytest.raises(NotFound):
        open_message(seeded, staff, "1; DROP")


def test_an_order_paid_by_card_reads_so_and_only_its_provider_marks_it_paid(seeded, people):
    owner, staff = people
    cart = carts.cart_for(seeded, owner)
    carts.add_variant(seeded, cart, "DSB-OS-FOR", 1)
    order = orders.checkout(seeded, cart, user=owner, email="", address=ADDRESS, palette=PALETTE, provider="stripe")
    assert payment_state(order) == "Awaiting card payment"
    assert not staff_order(seeded, staff, order.id).can_mark_paid
    with pytest.raises(ValidationFailed, match="paid through its provider"):  # the money comes from Stripe
        orders.staff_move(seeded, staff, order.id, "PAID")
    orders.move(seeded, order, OrderStatus.PAID, by="stripe")
    assert payment_state(order) == "Paid by card"
