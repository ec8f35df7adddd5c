"""A verified address: a link proves it once, stops working when the address changes or the link is old, and
lets the account claim the Shopify orders placed with it (an unverified address claims nothing)."""

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlmodel import select

from allpetplus.core.errors import ValidationFailed
from allpetplus.core.models import utcnow
from allpetplus.core.settings import settings
from allpetplus.events.bus import dispatch
from allpetplus.events.models import EmailMessage
from allpetplus.order.models import OrderMeta
from allpetplus.user import service as users
from allpetplus.user import verification
from allpetplus.user.models import UserProfile
from allpetplus.webhook import shopify
from tests.unit.test_shopify import configured, order  # noqa: F401 (the Shopify settings for every test)


def token_of(link: str) -> str:
    return parse_qs(urlsplit(link).query)["token"][0]


def account(session, email="ana@example.com", **fields) -> UserProfile:
    user = UserProfile(email=email, **fields)
    session.add(user)
    session.commit()
    return user


def test_the_e_mailed_link_confirms_the_address_once(session):
    user = account(session)
    verification.send_link(session, user)
    session.commit()
    dispatch(session)
    session.commit()
    [message] = session.exec(select(EmailMessage)).all()
    assert message.to == "ana@example.com" and message.subject == "Please confirm your e-mail address"
    link = next(word for word in message.text.split() if word.startswith(settings.MAIN_URL + verification.PAGE))
    assert link in message.html
    confirmed = verification.confirm(session, token_of(link))
    assert confirmed.id == user.id and confirmed.email_verified_at is not None
    first = confirmed.email_verified_at
    assert verification.confirm(session, token_of(link)).email_verified_at == first  # opening it again is fine
    session.commit()
    assert not verification.needs_verification(user)


@pytest.mark.parametrize("token", ["", "x" * 500, "not-a-token", 42, None, {"u": 1}])
def test_a_wrong_link_is_refused_with_a_message(session, token):
    account(session)
    with pytest.raises(ValidationFailed) as refused:
        verification.confirm(session, token)
    assert refused.value.errors == {"token": verification.NOT_VALID}


def test_a_link_for_an_old_address_or_past_its_lifetime_is_refused(session, monkeypatch):
    user = account(session)
    old_link = verification.link(user)
    users.update_profile(session, user, display_name="Ana", email="ana@new.example.com", units="kg",
                         marketing_opt_in=False, default_pet_id=None)  # fmt: skip
    session.commit()
    with pytest.raises(ValidationFailed) as refused:
        verification.confirm(session, token_of(old_link))
    assert refused.value.errors == {"token": verification.OUTDATED}
    monkeypatch.setattr(verification, "LINK_LIFETIME", timedelta(seconds=-1))
    with pytest.raises(ValidationFailed) as refused:
        verification.confirm(session, token_of(verification.link(user)))
    assert refused.value.errors == {"token": verification.EXPIRED}
    assert session.get(UserProfile, user.id).email_verified_at is None


def test_changing_the_address_unverifies_it_and_sends_a_link_to_the_new_one(session):
    user = account(session, email_verified_at=utcnow())
    users.update_profile(session, user, display_name="Ana", email="Ana@New.example.com", units="kg",
                         marketing_opt_in=False, default_pet_id=None)  # fmt: skip
    session.commit()
    assert user.email == "ana@new.example.com" and user.email_verified_at is None
    dispatch(session)
    session.commit()
    assert [m.to for m in session.exec(select(EmailMessage))] == ["ana@new.example.com"]


def test_confirming_claims_the_shopify_orders_placed_with_that_address(session):
    user = account(session, email="shop@example.com")
    shopify.handle(session, "orders/create", order("2026-11-20T10:00:00Z", email="Shop@Example.com",
                                                   customer={"id": 9001}))  # fmt: skip
    shopify.handle(session, "orders/create", order("2026-11-20T10:00:00Z", id=4502, name="#1002",
                                                   email="someone@else.example.com"))  # fmt: skip
    session.commit()
    assert {o.user_id for o in session.exec(select(OrderMeta))} == {None}  # unverified: nothing is claimed
    verification.confirm(session, token_of(verification.link(user)))
    session.commit()
    dispatch(session)
    session.commit()
    mine = session.exec(select(OrderMeta).where(OrderMeta.user_id == user.id)).all()
    assert [o.reference for o in mine] == ["#1001"]
    assert session.get(UserProfile, user.id).shopify_customer_id == "gid://shopify/Customer/9001"
    # A later order by the same Shopify customer is theirs even under another address.
    shopify.handle(session, "orders/create", order("2026-11-21T10:00:00Z", id=4503, name="#1003",
                                                   email="ana.work@example.com", customer={"id": 9001}))  # fmt: skip
    session.commit()
    assert session.exec(select(OrderMeta).where(OrderMeta.external_id == "shopify:4503")).one().user_id == user.id


def test_a_new_order_with_a_verified_address_is_the_account_s_at_once_and_another_s_design_is_not_shown(session):
    from allpetplus.builder.models import SavedDesign
    from allpetplus.order.models import OrderLine

    user = account(session, email="shop@example.com", email_verified_at=utcnow())
    stranger = account(session, email="stranger@example.com")
    theirs = SavedDesign(user_id=stranger.id, name="Private", product_type="collar", price_cents=2000,
                         config={"band_colour": "berry"})  # fmt: skip
    session.add(theirs)
    session.commit()
    items = [{"title": "Custom collar", "quantity": 1, "price": "20.00",
              "properties": [{"name": "_design_id", "value": str(theirs.id)}]}]  # fmt: skip
    shopify.handle(session, "orders/create", order("2026-11-20T10:00:00Z", line_items=items))
    session.commit()
    placed = session.exec(select(OrderMeta)).one()
    assert placed.user_id == user.id
    [line] = session.exec(select(OrderLine)).all()
    assert line.kind == "variant" and line.design_id is None and line.config == {}


def test_a_clerk_account_is_verified_by_clerk(session):
    user = users.clerk_user(session, clerk_id="user_2abc", email="clerk@example.com")
    assert user.email_verified_at is not None
    placeholder = users.clerk_user(session, clerk_id="user_3def", email="")
    assert placeholder.email_verified_at is None and not verification.needs_verification(placeholder)
    with pytest.raises(ValidationFailed):
        verification.request(session, placeholder)
