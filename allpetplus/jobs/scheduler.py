"""``python -m allpetplus.jobs.scheduler``: enqueue the scheduled jobs on their cron schedules."""

from __future__ import annotations

import sys

from rq.cron import CronScheduler

from allpetplus.core.logging import configure_logging
from allpetplus.core.redis import get_redis
from allpetplus.core.settings import settings
from allpetplus.jobs.builder import warm_pictures
from allpetplus.jobs.scheduled import (
    dispatch_outbox,
    licence_daily,
    release_unpaid_orders,
    remind_subscriptions,
    renew_subscriptions,
    send_emails,
    sweep_webhooks,
)

#: (job, cron expression). Renewals run hourly so a box goes out on its day whenever the scheduler is up.
SCHEDULE = (
    (renew_subscriptions, "5 * * * *"),
    (release_unpaid_orders, "35 * * * *"),
    (remind_subscriptions, "15 9 * * *"),
    (dispatch_outbox, "* * * * *"),
    (send_emails, "* * * * *"),
    (sweep_webhooks, "* * * * *"),
    (licence_daily, "30 6 * * *"),
    (warm_pictures, "* * * * *"),
)


def main() -> int:
    """Register the schedule and run until stopped."""
    configure_logging()
    scheduler = CronScheduler(connection=get_redis(), logging_level="WARNING", name="allpetplus")
    for job, cron in SCHEDULE:
        scheduler.register(job, queue_name=settings.QUEUE_NAME, cron=cron)
    scheduler.start()
    return 0


if __name__ == "__main__":
    sys.exit(main())
