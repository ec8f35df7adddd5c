"""Subscription boxes: subscribe, change, skip, extras, pause/resume, life events, renewals exactly once."""

from datetime import date, timedelta

import pytest
from sqlmodel import select

from allpetplus.core import clock
from allpetplus.core.errors import NotFound, ValidationFailed
from allpetplus.events.bus import dispatch
from allpetplus.jobs import scheduler
from allpetplus.order.models import OrderLine, OrderMeta
from allpetplus.pet import service as pets
from allpetplus.subscription import service as boxes
from allpetplus.subscription.models import SubscriptionRenewal
from allpetplus.user.models import UserProfile
from tests.support.clock import on
from tests.unit.test_commerce import ADDRESS

TODAY = date(2026, 11, 26)


@pytest.fixture(autouse=True)
def _on_a_fixed_day():
    """Every test here runs on ``TODAY`` by the product's clock, whatever the real date."""
    with clock.travel_to(TODAY):
        yield


@pytest.fixture
def owner_and_pet(seeded):
    user = UserProfile(email="boxes@example.com")
    seeded.add(user)
    seeded.commit()
    pet = pets.create_pet(seeded, user, pets.PetInput(name="Juno", species="dog", chest_girth_cm=58))
    seeded.commit()
    return user, pet


def subscribe(session, user, pet, **changes):
    args = {"plan_slug": "dog-essentials", "pet_id": pet.id, "frequency_months": 1, "address": ADDRESS,
            "first_shipment": TODAY + timedelta(days=2), **changes}  # fmt: skip
    return boxes.subscribe(session, user, **args)


def test_subscribe_sizes_the_box_and_checks_the_pet(seeded, owner_and_pet):
    user, pet = owner_and_pet
    sub = subscribe(seeded, user, pet)
    assert sub.size == "M" and sub.status.value == "ACTIVE"
    with pytest.raises(ValidationFailed, match="for cats"):
        subscribe(seeded, user, pet, plan_slug="cat-delights")
    with pytest.raises(ValidationFailed, match="every month or every two months"):
        subscribe(seeded, user, pet, frequency_months=3)
    stranger = UserProfile(email="stranger@example.com")
    seeded.add(stranger)
    seeded.commit()
    with pytest.raises(ValidationFailed, match="your own pets"):
        subscribe(seeded, stranger, pet)
    with pytest.raises(NotFound):
        boxes.pause(seeded, stranger, sub.id)


def test_renewal_happens_exactly_once_even_if_the_job_runs_twice(seeded, owner_and_pet):
    user, pet = owner_and_pet
    sub = subscribe(seeded, user, pet)
    boxes.add_extra(seeded, user, sub.id, "RTT-M-NAT", 2)
    due = sub.next_shipment
    assert on(due - timedelta(days=1), boxes.renew_due, seeded) == 0
    assert on(due, boxes.renew_due, seeded) == 1
    assert on(due, boxes.renew_due, seeded) == 0
    assert boxes._renew(seeded, sub, due) is False
    [renewal] = seeded.exec(select(SubscriptionRenewal)).all()
    order = seeded.get(OrderMeta, renewal.order_id)
    lines = seeded.exec(select(OrderLine).where(OrderLine.order_id == order.id)).all()
    assert [(line.kind, line.quantity) for line in lines] == [("box", 1), ("variant", 2)]
    assert order.total_cents == 3400 + 2 * 1100 + order.shipping_cents + order.tax_cents
    assert sub.next_shipment == boxes.add_months(due, 1) and sub.extras == []


def test_skip_move_frequency_and_ship_now(seeded, owner_and_pet):
    user, pet = owner_and_pet
    sub = subscribe(seeded, user, pet)
    boxes.skip_next(seeded, user, sub.id)
    first = sub.next_shipment
    assert on(first, boxes.renew_due, seeded) == 1
    [skipped] = seeded.exec(select(SubscriptionRenewal)).all()
    assert skipped.skipped and skipped.order_id is None
    boxes.change_frequency(seeded, user, sub.id, 2)
    with pytest.raises(ValidationFailed, match="between tomorrow"):
        boxes.move_next(seeded, user, sub.id, TODAY)
    boxes.move_next(seeded, user, sub.id, TODAY + timedelta(days=10))
    boxes.ship_now(seeded, user, sub.id)
    assert sub.next_shipment == boxes.add_months(TODAY, 2)
    assert len(seeded.exec(select(OrderMeta)).all()) == 1


def test_a_deceased_pet_pauses_its_boxes_and_says_so(seeded, owner_and_pet):
    user, pet = owner_and_pet
    sub = subscribe(seeded, user, pet)
    pets.update_pet(seeded, user, pet.id, pets.PetInput(name="Juno", species="dog", life_status="DECEASED"))
    assert sub.status.value == "ACTIVE"  # the pet service announces it; the subscriber pauses the boxes
    seeded.commit()
    dispatch(seeded)
    assert sub.status.value == "PAUSED" and "Juno is marked deceased" in sub.paused_reason
    assert on(sub.next_shipment, boxes.renew_due, seeded) == 0
    with pytest.raises(ValidationFailed, match="deceased"):
        boxes.resume(seeded, user, sub.id)
    [view] = boxes.list_subscriptions(seeded, user)
    assert view.status == "PAUSED" and view.pet_name == "Juno"


def test_months_are_added_with_short_months_clamped():
    assert boxes.add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert boxes.add_months(date(2026, 11, 30), 2) == date(2027, 1, 30)


def test_owners_are_reminded_once_a_few_days_before_a_box(seeded, owner_and_pet):
    from allpetplus.events.bus import dispatch
    from allpetplus.events.models import EmailMessage

    user, pet = owner_and_pet
    sub = subscribe(seeded, user, pet, first_shipment=TODAY + timedelta(days=5))
    assert on(TODAY, boxes.remind_due, seeded) == 0
    assert on(TODAY + timedelta(days=2), boxes.remind_due, seeded) == 1
    assert on(TODAY + timedelta(days=3), boxes.remind_due, seeded) == 0
    dispatch(seeded)
    [mail] = seeded.exec(select(EmailMessage)).all()
    assert mail.to == "boxes@example.com" and sub.next_shipment.isoformat() in mail.subject


def test_a_refused_change_form_changes_nothing(seeded, owner_and_pet):
    user, pet = owner_and_pet
    sub = subscribe(seeded, user, pet)
    before = (sub.frequency_months, sub.next_shipment, list(sub.extras))
    with pytest.raises(ValidationFailed) as caught:
        boxes.change_box(seeded, user, sub.id, frequency_months="2", next_shipment=str(TODAY + timedelta(days=200)),
                         extra_sku="RTT-M-NAT")  # fmt: skip
    assert set(caught.value.errors) == {"next_shipment"}
    assert (sub.frequency_months, sub.next_shipment, list(sub.extras)) == before
    for bad, field in (({"frequency_months": "abc"}, "frequency_months"), ({"next_shipment": "soon"}, "next_shipment"),
                       ({"extra_sku": "NOPE-1"}, "extra_sku")):  # fmt: skip
        with pytest.raises(ValidationFailed) as caught:
            boxes.change_box(seeded, user, sub.id, **bad)
        assert set(caught.value.errors) == {field}
    changed = boxes.change_box(seeded, user, sub.id, frequency_months="2", next_shipment=str(TODAY + timedelta(days=9)),
                               extra_sku="RTT-M-NAT")  # fmt: skip
    assert (changed.frequency_months, changed.next_shipment) == (2, TODAY + timedelta(days=9))
    assert [extra["sku"] for extra in changed.extras] == ["RTT-M-NAT"]


def test_the_scheduler_command_runs_the_renewals_as_if_on_another_day(seeded, owner_and_pet):
    user, pet = owner_and_pet
    sub = subscribe(seeded, user, pet)
    seeded.commit()
    day = sub.next_shipment
    assert scheduler.run("renew_subscriptions", (day - timedelta(days=1)).isoformat()) == 0  # not due yet
    assert scheduler.run("renew_subscriptions", day.isoformat()) == 1
    assert scheduler.run("renew_subscriptions", day.isoformat()) == 0  # once per date
    [renewal] = seeded.exec(select(SubscriptionRenewal).where(SubscriptionRenewal.subscription_id == sub.id)).all()
    assert renewal.ship_date == day and seeded.get(OrderMeta, renewal.order_id).status.value == "AWAITING_PAYMENT"
    with pytest.raises(ValueError):
        scheduler.run("renew_subscriptions", "tomorrow")
    with pytest.raises(KeyError):
        scheduler.run("drop_tables")
