"""Staff view of background jobs: what failed, with its error, and re-running it."""

from __future__ import annotations

from pydantic import BaseModel
from rq.exceptions import InvalidJobOperation, NoSuchJobError
from rq.job import Job

from allpetplus.core.errors import NotFound
from allpetplus.core.queue import get_queue
from allpetplus.core.redis import get_redis
from allpetplus.user.models import UserProfile
from allpetplus.user.permissions import require_admin


class FailedJob(BaseModel):
    """A job that kept failing (its retries used up)."""

    id: str
    function: str
    error: str
    failed_at: str


def failed_jobs(actor: UserProfile | None, limit: int = 50) -> list[FailedJob]:
    """The most recent failed jobs with the last line of their error."""
    require_admin(actor)
    registry = get_queue().failed_job_registry
    jobs = Job.fetch_many(registry.get_job_ids(0, limit - 1), connection=get_redis())
    result = []
    for job in jobs:
        if job is None:
            continue
        error = (job.latest_result().exc_string if job.latest_result() else "") or ""
        last = [line for line in error.strip().splitlines() if line.strip()][-1:] or ["(no error recorded)"]
        result.append(
            FailedJob(
                id=job.id,
                function=job.func_name,
                error=last[0][:300],
                failed_at=job.ended_at.isoformat(timespec="seconds") if job.ended_at else "",
            )
        )
    return result


def rerun(actor: UserProfile | None, job_id: str) -> None:
    """Put a failed job back on the queue."""
    require_admin(actor)
    try:
        get_queue().failed_job_registry.requeue(job_id)
    except (NoSuchJobError, InvalidJobOperation):
        raise NotFound("That failed job") from None
