"""What a page shows when a rule refuses a request (``ui.acting``): a ``ValidationFailed``'s messages beside
their fields, any other refusal in a toast or a line of its own, in the rule's own words."""

import inspect

import pytest
from reflex.state import State

from allpetplus.core.errors import NotFound, PermissionDenied, ValidationFailed
from allpetplus.state.orders import StaffOrdersState
from allpetplus.state.pets import PetsState
from allpetplus.storefront.catalog import ProductState
from allpetplus.ui.acting import problem, refusal, shows_refusals
from allpetplus.ui.state_events import check_arguments
from tests.support.aio import run


def state(cls):
    root = State(_reflex_internal_init=True)
    return root.get_substate(cls.get_full_name().split(".")[1:])


def test_field_messages_go_beside_their_fields_and_other_refusals_to_a_toast():
    pets = state(PetsState)
    assert pets.show_refusal(ValidationFailed.one("weight", "Too heavy."), "weight_errors") is None
    assert pets.weight_errors == {"weight": "Too heavy."}
    shown = pets.show_refusal(NotFound("That pet"), "weight_errors")
    assert pets.weight_errors == {"weight": "Too heavy."}
    assert "That pet was not found." in str(shown) and "That pet was not found." in str(refusal(NotFound("That pet")))
    pets.show_refusal(PermissionDenied("Please sign in first."), "errors", form="form")
    assert pets.errors == {"form": "Please sign in first."}


def test_keys_can_name_the_row_and_a_refusal_can_be_one_line():
    orders = state(StaffOrdersState)
    orders.show_refusal(ValidationFailed({"carrier": "Name the carrier."}), "errors", prefix="12:")
    assert orders.errors == {"12:carrier": "Name the carrier."}
    item = state(ProductState)
    item.show_refusal(ValidationFailed.one("quantity", "Only 2 left."), text="error")
    assert item.error == "Only 2 left."
    assert problem(ValidationFailed.one("quantity", "Only 2 left.")) == "Only 2 left."
    assert "Only 2 left." in str(item.show_refusal(ValidationFailed.one("quantity", "Only 2 left."), brief=True))
    assert "quantity: Only 2 left." in str(item.show_refusal(ValidationFailed.one("quantity", "Only 2 left.")))


def test_a_decorated_handler_keeps_its_signature_and_shows_what_it_raised():
    def add_weight(self, data: dict) -> None:
        raise ValidationFailed.one("weight", "A dog weighs between 0.5 and 120 kg.")

    async def upload(self, files: list[str]) -> None:
        raise NotFound("That pet")

    pets = state(PetsState)
    handler = shows_refusals("weight_errors")(add_weight)
    assert inspect.signature(handler) == inspect.signature(add_weight)
    assert check_arguments(handler, {"data": 5})[1] == ["data should be a valid dictionary"]
    assert handler(pets, {}) is None
    assert pets.weight_errors == {"weight": "A dog weighs between 0.5 and 120 kg."}
    shown = run(shows_refusals("photo_errors")(upload)(pets, []))
    assert "That pet was not found." in str(shown)


def test_anything_but_a_refusal_still_fails_loudly():
    def broken(self) -> None:
        raise ZeroDivisionError

    with pytest.raises(ZeroDivisionError):
        shows_refusals()(broken)(state(PetsState))
