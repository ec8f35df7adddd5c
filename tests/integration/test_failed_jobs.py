"""A job that keeps failing lands in the failed registry with its error; staff can see it and re-run it."""

import pytest
from rq.job import Job

from allpetplus.core.errors import PermissionDenied
from allpetplus.core.queue import enqueue
from allpetplus.core.redis import get_redis
from allpetplus.jobs import admin
from allpetplus.user.models import Role, UserProfile
from tests.support.jobs import fails_until_flag
from tests.support.servers import _wait

STAFF = UserProfile(id=1, email="staff@example.com", role=Role.ADMIN)
USER = UserProfile(id=2, email="user@example.com")


def test_failed_job_is_listed_with_its_error_and_can_be_rerun(worker):
    job = enqueue(fails_until_flag, "allpetplus-test-flag", retry=None)
    _wait(lambda: job.get_status() == "failed", 30, "the job to fail")
    with pytest.raises(PermissionDenied):
        admin.failed_jobs(USER)
    [failed] = admin.failed_jobs(STAFF)
    assert failed.id == job.id and "flag allpetplus-test-flag is not set yet" in failed.error
    get_redis().set("allpetplus-test-flag", 1)
    admin.rerun(STAFF, job.id)
    _wait(lambda: Job.fetch(job.id, connection=get_redis()).get_status() == "finished", 30, "the re-run to finish")
    assert admin.failed_jobs(STAFF) == []
