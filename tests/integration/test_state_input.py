"""Every state handler can be called by a crafted websocket frame with any arguments: wrong types, missing or
extra arguments, values no form would send, and state it did not expect (no draft, nothing chosen). Each
must answer with a clear message, never Reflex's generic "An error occurred", and leave the tab working.

The three apps run as real backends; the tests speak Reflex's websocket protocol (and its upload endpoint)
as a tampering browser would.
"""

import asyncio
import http.client
import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable

import pytest
from reflex.state import UpdateVarsInternalState
from sqlmodel import Session

from allpetplus.pet import service as pets
from allpetplus.seed import load_seed
from allpetplus.state.admin import AdminState, CatalogState
from allpetplus.state.builder import BuilderState
from allpetplus.state.licences import LicenceReviewState
from allpetplus.state.orders import OrdersState, StaffOrdersState
from allpetplus.state.pets import PetsState
from allpetplus.storefront.catalog import ProductState, ShopState
from allpetplus.storefront.shopper import ShopperState
from allpetplus.user import service as users
from allpetplus.user.auth import SESSION_COOKIE
from allpetplus.user.models import Role
from licensing.state.licences import LicensingState
from products.state.shop import CartState
from tests.conftest import migrated_engine
from tests.support.aio import run
from tests.support.reflex_client import ReflexClient
from tests.support.servers import ReflexBackend

GENERIC = "An error occurred"
RELOAD = "Reload the page and try again"
STORAGE = f"{UpdateVarsInternalState.get_full_name()}.update_vars_internal"
MB = 1024 * 1024
PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    """The three apps on one seeded SQLite database, with a pet owner and a staff member signed in."""
    directory = tmp_path_factory.mktemp("state-input")
    url = f"sqlite:///{directory / 'shop.db'}"
    engine = migrated_engine(url)
    with Session(engine) as session:
        load_seed(session)
        owner = users.sign_up(session, email="owner@example.com", password="walkies at 7 every day")
        pets.create_pet(session, owner, pets.PetInput(name="Biscuit", species="dog"))
        staff = users.sign_up(session, email="staff@example.com", password="walkies at 7 every day")
        staff.role = Role.ADMIN
        cookies = {
            "owner": f"{SESSION_COOKIE}={users.start_session(session, owner)}",
            "staff": f"{SESSION_COOKIE}={users.start_session(session, staff)}",
        }
        session.commit()
    engine.dispose()
    env = {"DATABASE_URL": url, "VAR_DIR": str(directory / "var"), "LOG_LEVEL": "WARNING"}
    backends = {
        app: ReflexBackend(directory, {**env, "ALLPETPLUS_APP": app}, name=app).start()
        for app in ("allpetplus", "licensing", "products")
    }
    try:
        for backend in backends.values():
            backend.wait_ready()
        yield {"urls": {app: backend.url for app, backend in backends.items()}, "cookies": cookies}
    finally:
        for backend in backends.values():
            backend.stop()


def name(state, handler: str) -> str:
    return f"{state.get_full_name()}.{handler}"


class Tab:
    """A signed-in (or anonymous) browser tab that sends crafted events and reads what came back."""

    def __init__(self, stack: dict, app: str, path: str, who: str | None = "owner") -> None:
        headers = {"Cookie": stack["cookies"][who]} if who else {}
        self.client = ReflexClient(stack["urls"][app], path, headers=headers)

    async def __aenter__(self) -> "Tab":
        await self.client.connect()
        return self

    async def __aexit__(self, *exc) -> None:
        await self.client.close()

    async def settle(self, handler: str) -> None:
        """Send a harmless event and wait for its answer, so everything the backend sent before has arrived."""
        start = len(self.client.updates)
        await self.client.send(handler)
        await self.client.wait_for(lambda _state: len(self.client.updates) > start, timeout=15)

    async def answer(self, handler: str, expected: str | Callable[[str], bool], **payload) -> str:
        """Send one event; wait for the answer that contains ``expected`` (or a generic error) and return the
        text of everything the backend sent for it."""
        start = len(self.client.updates)
        await self.client.send(handler, **payload)
        seen = expected if callable(expected) else (lambda text: expected in text)

        def said() -> str:
            return json.dumps(self.client.updates[start:], ensure_ascii=False)

        try:
            await self.client.wait_for(lambda _state: GENERIC in said() or seen(said()), timeout=15)
        except TimeoutError:
            pytest.fail(f"no clear answer to {handler.rsplit('.', 1)[-1]}({payload!r:.80}): {said()[:500]}")
        text = said()
        assert GENERIC not in text, f"{handler.rsplit('.', 1)[-1]} answered with the generic error"
        assert seen(text), text[:500]
        return text


def test_builder_handlers_refuse_wrong_arguments_and_keep_the_tab_working(stack):
    async def session() -> None:
        async with Tab(stack, "allpetplus", "/builder") as tab:
            await tab.answer(name(BuilderState, "choose_pet"), "pet_id should be a valid string", pet_id=5)
            await tab.answer(name(BuilderState, "choose_pet"), "pet_id is missing")
            await tab.answer(name(BuilderState, "choose_pet"), "Choose one of your pets", pet_id="²")
            await tab.answer(name(BuilderState, "set_option"), "colour is not expected", field="size", value="L",
                             colour="red")  # fmt: skip
            await tab.answer(name(BuilderState, "save"), "form should be a valid dictionary", form=["status"])
            await tab.answer(name(BuilderState, "set_quantity"), "Enter a whole number", value="9" * 5000)
            await tab.answer(name(BuilderState, "choose_type"), "slug should be a valid string", slug=["collar"])
            await tab.answer(name(BuilderState, "match_harness"), "Design a harness first")
            await tab.answer(name(BuilderState, "measure"), "widest part of the ribcage", form={"girth_cm": "9e999"})
            await tab.answer(name(BuilderState, "match_harness"), "Choose one of your saved harnesses",
                             saved_id="99999")  # fmt: skip
            await tab.answer(name(BuilderState, "add_set_to_cart"), "Design a harness, a collar and a leash first")
            await tab.answer(name(BuilderState, "set_option"), "That option does not exist", field="buckle",
                             value="metal")  # a collar's option, while a harness is designed  # fmt: skip
            # Nothing above changed the design or the tab: loading the page again works.
            await tab.answer(name(BuilderState, "load"), '"palette')

    run(session())


@pytest.mark.parametrize(
    "draft",
    [
        "[" * 5000,
        '{"config": {}, "design_id": "abc", "name": ["x"]}',
        {"config": {}},
        '{"config": {}, "type": ["collar"], "others": {"cape": {}, "collar": 5}}',
        '{"config": {}, "others": {"collar": {}}, "saved": {"collar": {"id": [1], "name": 7}, "leash": "x"}}',
    ],
    ids=["deeply-nested", "wrong-types", "not-text", "made-up-types", "made-up-saved-designs"],
)
def test_a_tampered_builder_draft_in_local_storage_is_ignored(stack, draft):
    async def session() -> None:
        async with Tab(stack, "allpetplus", "/builder") as tab:
            key = f"{BuilderState.get_full_name()}.draft"
            await tab.client.send(STORAGE, vars={key: draft})
            await tab.answer(name(BuilderState, "load"), '"palette')
            state = tab.client.state[BuilderState.get_full_name()]
            assert state["config"]["style"] == "step-in" and state["config"]["quantity"] == 1
            assert state.get("other_saved", {}) == {}

    run(session())


def test_pet_handlers_refuse_values_no_form_sends(stack):
    async def session() -> None:
        async with Tab(stack, "allpetplus", "/dashboard/pets") as tab:
            await tab.answer(name(PetsState, "choose_certificate_for"), "Choose one of the vaccinations",
                             vaccination_id="²")  # fmt: skip
            await tab.answer(name(PetsState, "open_edit"), "pet_id should be a valid integer", pet_id="one")
            await tab.answer(name(PetsState, "select"), "pet_id should be less than or equal", pet_id=10**30)
            await tab.answer(name(PetsState, "choose_species"), "Choose dog or cat", slug="x" * 5000)
            await tab.answer(name(PetsState, "add_weight"), "A dog weighs between", data={"weight": "1e999"})
            await tab.answer(name(PetsState, "save"), "Measure in centimetres",
                             data={"name": "Biscuit", "chest_girth_cm": "-1e999"})  # fmt: skip
            await tab.answer(name(PetsState, "save"), "Enter a number of centimetres",
                             data={"name": "Biscuit", "chest_girth_cm": "abc"})  # fmt: skip

    run(session())


def test_staff_handlers_refuse_malformed_forms(stack):
    async def session() -> None:
        async with Tab(stack, "allpetplus", "/admin/catalog", who="staff") as tab:
            await tab.answer(name(CatalogState, "save_variant"), "That variant was not found",
                             form={"variant_id": "abc", "price": "1", "stock": "1"})  # fmt: skip
            await tab.answer(name(LicenceReviewState, "reject"), "That licence was not found",
                             form={"licence_id": "x", "reason": "no"})  # fmt: skip
            await tab.answer(name(StaffOrdersState, "ship"), "That order was not found", form={"order_id": "²"})
            said = await tab.answer(name(AdminState, "set_role"), "Choose a role", user_id=1, role="R" * 5000)
            assert "R" * 50 not in said

    run(session())


def test_cancelling_an_order_that_is_not_theirs_says_so(stack):
    async def session() -> None:
        async with Tab(stack, "allpetplus", "/dashboard/orders") as tab:
            await tab.answer(name(OrdersState, "ask_cancel"), "order_id should be a valid integer", order_id="one")
            await tab.answer(name(OrdersState, "ask_cancel"), '"confirm_cancel_id', order_id=987654)
            await tab.answer(name(OrdersState, "cancel_order"), "That order was not found.")
            assert tab.client.state[OrdersState.get_full_name()]["confirm_cancel_id"] == 0

    run(session())


def test_licence_application_handlers_need_a_draft_and_the_right_types(stack):
    async def session() -> None:
        async with Tab(stack, "licensing", "/licences") as tab:
            await tab.answer(name(LicensingState, "save"), "Start an application first", form={"pet_name": "Rex"})
            await tab.answer(name(LicensingState, "open_draft"), "licence_id is missing")
            await tab.answer(name(LicensingState, "open_draft"), "licence_id should be a valid integer",
                             licence_id="abc")  # fmt: skip
            await tab.answer(name(LicensingState, "go_to"), "step should be a valid string", step=["owner"])
            await tab.answer(name(LicensingState, "start"), "Choose where your pet lives", form={"pet_id": "²"})

    run(session())


def test_shop_handlers_refuse_choices_the_page_never_offers(stack):
    async def session() -> None:
        async with Tab(stack, "products", "/catalog", who=None) as tab:
            await tab.answer(name(ShopState, "set_filter"), "Enter the highest price in whole dollars",
                             name="max_price", value="9" * 5000)  # fmt: skip
            await tab.answer(name(ShopState, "set_filter"), "There is no such filter", name="__class__", value="x")
            await tab.answer(name(ShopState, "load"), '"products')
        async with Tab(stack, "products", "/product/classic-leash", who=None) as tab:
            await tab.answer(name(ProductState, "load"), '"product')
            await tab.answer(name(ProductState, "choose_size"), "Choose one of this product's sizes", size=["XXL"])
            await tab.answer(name(ProductState, "set_quantity"), "Enter a whole number", value="²")
            await tab.answer(name(ProductState, "set_quantity"), "Enter a whole number", value="10000")
            token = f"{ShopperState.get_full_name()}.guest_token"
            await tab.client.send(STORAGE, vars={token: "t" * 70})
            await tab.answer(name(ProductState, "add"), "Added to your cart")
        async with Tab(stack, "products", "/cart", who=None) as tab:
            await tab.answer(name(CartState, "change_quantity"), "line_id should be less than or equal",
                             line_id=10**30, quantity=1)  # fmt: skip

    run(session())


def upload(stack: dict, app: str, path: str, handler: str, data: bytes, **args) -> tuple[int, str]:
    """From a signed-in tab on ``path``, POST one file to Reflex's upload endpoint as the page's upload
    button does; the status and the answer."""
    boundary = "----allpetplus-test"
    parts = []
    if args:
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="__reflex_event_args"\r\n\r\n'
                     f"{json.dumps(args)}\r\n".encode())  # fmt: skip
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="dog.png"\r\n'
                 "Content-Type: image/png\r\n\r\n".encode() + data + b"\r\n")  # fmt: skip
    body = b"".join(parts) + f"--{boundary}--\r\n".encode()

    def post(token: str) -> tuple[int, str]:
        request = urllib.request.Request(
            f"{stack['urls'][app]}/_upload",
            data=body,
            headers={
                "Content-Type": f"multipart/form-data; boundary={boundary}",
                "Reflex-Client-Token": token,
                "Reflex-Event-Handler": handler,
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode()

    async def session() -> tuple[int, str]:
        async with Tab(stack, app, path) as tab:
            start = len(tab.client.updates)
            status, answer = await asyncio.to_thread(post, tab.client.token)
            # Toasts reach the tab over its websocket, not in the upload's answer: wait for a later event's.
            await tab.settle(name(LicensingState, "close") if app == "licensing" else name(PetsState, "cancel_delete"))
            return status, answer + json.dumps(tab.client.updates[start:], ensure_ascii=False)

    return run(session())


def test_an_upload_over_the_request_limit_is_refused_before_reflex_reads_it(stack):
    """The 60 MB upload's headers go out, its body never does: the answer comes first."""
    connection = http.client.HTTPConnection(urllib.parse.urlsplit(stack["urls"]["allpetplus"]).netloc, timeout=30)
    connection.putrequest("POST", "/_upload")
    connection.putheader("Content-Type", "multipart/form-data; boundary=x")
    connection.putheader("Content-Length", str(60 * MB))
    connection.putheader("Reflex-Client-Token", "a-tab")
    connection.putheader("Reflex-Event-Handler", name(PetsState, "upload_photo"))
    connection.endheaders()
    response = connection.getresponse()
    assert response.status == 413 and "10.1 MB" in json.loads(response.read())["detail"]
    connection.close()


def test_upload_handlers_stop_reading_at_their_kinds_limit(stack):
    handler = name(PetsState, "upload_photo")
    status, answer = upload(stack, "allpetplus", "/dashboard/pets", handler, PNG + bytes(8 * MB))
    assert status == 200
    assert "The photo is too large; the limit is 5 MB." in answer


def test_a_document_without_a_draft_or_with_a_wrong_kind_is_refused_clearly(stack):
    handler = name(LicensingState, "attach")
    status, answer = upload(stack, "licensing", "/licences", handler, b"%PDF-1.7\n", kind="rabies")
    assert status == 200 and GENERIC not in answer and "Start an application first" in answer
    status, answer = upload(stack, "licensing", "/licences", handler, b"%PDF-1.7\n", kind=["rabies"])
    assert status == 200 and GENERIC not in answer and RELOAD in answer
