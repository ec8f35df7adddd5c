"""Roles: the promote command, and staff-only actions refused to a normal user."""

import os
import subprocess
import sys

import pytest

from allpetplus.core.errors import PermissionDenied, ValidationFailed
from allpetplus.core.settings import PROJECT_ROOT
from allpetplus.user import service
from allpetplus.user.models import Role, UserProfile


def test_promote_command_makes_an_admin(engine, session, tmp_path):
    session.add(UserProfile(email="staff@example.com"))
    session.commit()
    env = {**os.environ, "DATABASE_URL": str(engine.url)}
    run = subprocess.run(
        [sys.executable, "-m", "allpetplus.user", "promote", "Staff@Example.com"],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "staff@example.com is now ADMIN"
    session.expire_all()
    assert service.find_by_email(session, "staff@example.com").role == Role.ADMIN
    missing = subprocess.run(
        [sys.executable, "-m", "allpetplus.user", "promote", "nobody@example.com"],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert missing.returncode == 1 and "nobody@example.com was not found" in missing.stderr


def test_staff_only_actions_refuse_a_user(session, engine):
    user = UserProfile(email="user@example.com")
    staff = UserProfile(email="staff@example.com", role=Role.ADMIN)
    session.add_all([user, staff])
    session.commit()
    with pytest.raises(PermissionDenied):
        service.list_users(session, user)
    with pytest.raises(PermissionDenied):
        service.change_role(session, user, user.id, Role.ADMIN)
    assert service.find_by_email(session, "user@example.com").role == Role.USER
    assert len(service.list_users(session, staff)) == 2


def test_the_last_admin_cannot_be_demoted(session, engine):
    staff = UserProfile(email="staff@example.com", role=Role.ADMIN)
    session.add(staff)
    session.commit()
    with pytest.raises(ValidationFailed):
        service.change_role(session, staff, staff.id, Role.USER)
