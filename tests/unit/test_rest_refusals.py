"""A REST route's refusals are answered in one way (``core.rest.answers_refusals``): the status of the refusal,
its message, 401 for a visitor a rule asks to sign in and 403 for a signed-in user it refuses."""

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from allpetplus.core.errors import NotFound, PermissionDenied, ValidationFailed
from allpetplus.core.rest import answers_refusals


@answers_refusals
def staff_only(request: Request) -> JSONResponse:
    who = request.query_params.get("who")
    if who:
        request.state.signed_in = who == "user"  # as user.auth.acting_user notes it
    raise PermissionDenied("This area is for staff only.")


@answers_refusals
async def find(request: Request) -> JSONResponse:
    if request.query_params.get("bad"):
        raise ValidationFailed.one("name", "Give the pet a name.")
    raise NotFound("That pet")


@answers_refusals
def broken(request: Request) -> JSONResponse:
    raise ZeroDivisionError


client = TestClient(
    Starlette(routes=[Route("/staff", staff_only), Route("/find", find), Route("/broken", broken)]),
    raise_server_exceptions=True,
)


def test_permission_refusals_tell_visitors_from_users():
    assert client.get("/staff", params={"who": "visitor"}).status_code == 401
    answer = client.get("/staff", params={"who": "user"})
    assert (answer.status_code, answer.json()) == (403, {"detail": "This area is for staff only."})
    assert client.get("/staff").status_code == 403  # a route that asks nobody who is acting


def test_async_routes_answer_the_same_way():
    assert client.get("/find").json() == {"detail": "That pet was not found."}
    answer = client.get("/find", params={"bad": "1"})
    assert answer.status_code == 422 and answer.json()["errors"] == {"name": "Give the pet a name."}


def test_anything_but_a_refusal_is_not_turned_into_an_answer():
    with pytest.raises(ZeroDivisionError):
        client.get("/broken")
