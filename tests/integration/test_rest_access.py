"""Through REST, another user's pets are "not found", a visitor must sign in, and cookies are HTTP-only."""

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from allpetplus.pet import service as pets
from allpetplus.pet.routes import routes as pet_routes
from allpetplus.user import service, tickets
from allpetplus.user.auth import SESSION_COOKIE
from allpetplus.user.models import Role
from allpetplus.user.routes import routes as user_routes

PASSWORD = "walkies at 7 every day"


@pytest.fixture
def client(seeded, redis_url):
    return TestClient(Starlette(routes=[*pet_routes, *user_routes]), follow_redirects=False)


def sign_in(client: TestClient, session, email: str, role: Role = Role.USER) -> dict:
    user = service.sign_up(session, email=email, password=PASSWORD)
    user.role = role
    session.commit()
    ticket = tickets.issue(service.start_session(session, user), "app_browser=this-browser")
    session.commit()
    client.cookies.set("app_browser", "this-browser")
    response = client.get("/auth/session", params={"ticket": ticket, "next": "/dashboard"})
    assert response.status_code == 303 and response.headers["location"] == "/dashboard"
    cookie = response.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie
    token = response.cookies[SESSION_COOKIE]
    client.cookies.clear()
    return {"Cookie": f"{SESSION_COOKIE}={token}"}


@pytest.fixture
def alice_pet(seeded):
    def make(session, owner_email):
        owner = service.find_by_email(session, owner_email)
        pet = pets.create_pet(session, owner, pets.PetInput(name="Biscuit", species="dog"))
        session.commit()
        return pet.id

    return make


def test_owner_reads_changes_and_deletes_their_pet(client, seeded, alice_pet):
    alice = sign_in(client, seeded, "alice@example.com")
    pet_id = alice_pet(seeded, "alice@example.com")
    assert client.get("/api/pets", headers=alice).json()["pets"][0]["name"] == "Biscuit"
    changed = client.patch(f"/api/pets/{pet_id}", json={"name": "Biscuit II"}, headers=alice)
    assert changed.status_code == 200 and changed.json()["name"] == "Biscuit II"
    bad = client.patch(f"/api/pets/{pet_id}", json={"birth_date": "2999-01-01"}, headers=alice)
    assert bad.status_code == 422 and "future" in bad.json()["errors"]["birth_date"]
    assert client.delete(f"/api/pets/{pet_id}", headers=alice).status_code == 204


def test_another_user_gets_404_for_read_change_and_delete(client, seeded, alice_pet):
    sign_in(client, seeded, "alice@example.com")
    pet_id = alice_pet(seeded, "alice@example.com")
    bob = sign_in(client, seeded, "bob@example.com")
    assert client.get(f"/api/pets/{pet_id}", headers=bob).status_code == 404
    assert client.patch(f"/api/pets/{pet_id}", json={"name": "Mine"}, headers=bob).status_code == 404
    assert client.delete(f"/api/pets/{pet_id}", headers=bob).status_code == 404
    assert client.get("/api/pets", headers=bob).json() == {"pets": []}
    assert client.get("/api/me", headers=bob).json()["email"] == "bob@example.com"
    still_there = pets.view_pet(seeded, service.find_by_email(seeded, "alice@example.com"), pet_id)
    assert still_there.name == "Biscuit"


def test_staff_can_reach_any_pet(client, seeded, alice_pet):
    sign_in(client, seeded, "alice@example.com")
    pet_id = alice_pet(seeded, "alice@example.com")
    staff = sign_in(client, seeded, "staff@example.com", Role.ADMIN)
    assert client.get(f"/api/pets/{pet_id}", headers=staff).status_code == 200


def test_visitors_must_sign_in(client, seeded, alice_pet):
    sign_in(client, seeded, "alice@example.com")
    pet_id = alice_pet(seeded, "alice@example.com")
    assert client.get("/api/pets").status_code == 401
    assert client.get(f"/api/pets/{pet_id}").status_code == 404
    assert client.get("/api/me").status_code == 401
    forged = {"Cookie": f"{SESSION_COOKIE}=made-up"}
    assert client.get("/api/me", headers=forged).status_code == 401


def test_signing_out_ends_the_session_and_clears_the_cookie(client, seeded):
    alice = sign_in(client, seeded, "alice@example.com")
    response = client.get("/auth/signed-out", headers=alice)
    assert response.status_code == 303 and response.headers["location"] == "/"
    assert f'{SESSION_COOKIE}=""' in response.headers["set-cookie"] or "Max-Age=0" in response.headers["set-cookie"]
    assert client.get("/api/me", headers=alice).status_code == 401


def test_a_ticket_cannot_be_reused_or_send_you_elsewhere(client, seeded):
    user = service.sign_up(seeded, email="carol@example.com", password=PASSWORD)
    ticket = tickets.issue(service.start_session(seeded, user), "app_browser=carols-browser")
    seeded.commit()
    client.cookies.set("app_browser", "carols-browser")
    first = client.get("/auth/session", params={"ticket": ticket, "next": "https://evil.example/"})
    assert first.headers["location"] == "/dashboard"
    again = client.get("/auth/session", params={"ticket": ticket})
    assert again.headers["location"] == "/sign-in?expired=1" and "set-cookie" not in again.headers


def test_wrong_fields_and_ids_are_clear_4xx_without_echoing_input(client, seeded, alice_pet):
    alice = sign_in(client, seeded, "alice@example.com")
    pet_id = alice_pet(seeded, "alice@example.com")
    huge = "9" * 25
    assert client.get(f"/api/pets/{huge}", headers=alice).status_code == 404
    assert client.patch(f"/api/pets/{huge}", json={"name": "Rex"}, headers=alice).status_code == 404
    assert client.delete(f"/api/pets/{2**63}", headers=alice).status_code == 404
    wrong = client.patch(f"/api/pets/{pet_id}", json={"name": ["x" * 5000], "chest_girth_cm": "wide"}, headers=alice)
    assert wrong.status_code == 422
    assert set(wrong.json()["errors"]) == {"name", "chest_girth_cm"}
    assert "x" * 50 not in wrong.text and "wide" not in wrong.text
    unknown_breed = client.patch(f"/api/pets/{pet_id}", json={"breed": "b" * 5000}, headers=alice)
    assert unknown_breed.status_code == 422 and len(unknown_breed.content) < 500
    infinite = client.patch(f"/api/pets/{pet_id}", content=b'{"chest_girth_cm": 1e999}', headers=alice)
    assert infinite.status_code == 422 and "centimetres" in infinite.json()["errors"]["chest_girth_cm"]
