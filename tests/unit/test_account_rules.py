"""Account rules that need no server: e-mail and password checks, permissions, safe redirects."""

import pytest

from allpetplus.core.errors import NotFound, PermissionDenied
from allpetplus.user.models import Role, UserProfile
from allpetplus.user.permissions import can_access, owned_or_404, require_admin
from allpetplus.user.routes import safe_next
from allpetplus.user.service import email_problem, normalise_email, password_problem


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short1", "at least 10"),
        ("password123", "too easy"),
        ("aaaaaaaaaaaa1", "too easy"),
        ("onlyletterslong", "Mix letters"),
        ("dana-secret-42", "e-mail address"),
    ],
)
def test_weak_passwords_are_explained(password, message):
    assert message in password_problem(password, "dana@example.com")


def test_a_good_password_passes():
    assert password_problem("correct horse 7 battery", "dana@example.com") is None


@pytest.mark.parametrize("email", ["", "dana", "dana@", "@example.com", "da na@example.com", "dana@example"])
def test_bad_emails(email):
    assert email_problem(email)


def test_emails_compare_without_case_or_spaces():
    assert normalise_email("  Dana@Example.COM ") == "dana@example.com"
    assert email_problem("dana@example.com") is None


def test_owner_and_staff_reach_a_record_nobody_else():
    owner, other, staff = (
        UserProfile(id=1, email="a@x.io"),
        UserProfile(id=2, email="b@x.io"),
        UserProfile(id=3, email="c@x.io", role=Role.ADMIN),
    )

    class Record:
        user_id = 1

    assert can_access(owner, 1) and can_access(staff, 1)
    assert not can_access(other, 1) and not can_access(None, 1)
    assert owned_or_404(owner, Record()) is not None
    with pytest.raises(NotFound):
        owned_or_404(other, Record(), "That pet")
    with pytest.raises(NotFound):
        owned_or_404(owner, None)
    with pytest.raises(PermissionDenied):
        require_admin(owner)
    assert require_admin(staff) is staff


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("/dashboard/pets", "/dashboard/pets"),
        ("https://evil.example/", "/dashboard"),
        ("//evil.example/x", "/dashboard"),
        ("/\\evil.example", "/dashboard"),
        ("javascript:alert(1)", "/dashboard"),
        ("", "/dashboard"),
    ],
)
def test_redirects_after_sign_in_stay_on_the_site(given, expected):
    assert safe_next(given) == expected
