"""``python -m allpetplus.jobs.scheduler``: enqueue the scheduled jobs on their cron schedules.

``python -m allpetplus.jobs.scheduler run JOB [--on YYYY-MM-DD]`` runs one of them now, in this process, optionally
as if it were another day (e.g. the box renewals of a day the scheduler was down).
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from datetime import date

from rq.cron import CronScheduler

import allpetplus.tables  # noqa: F401 - every model, so foreign keys across domains resolve
from allpetplus.core import clock
from allpetplus.core.logging import configure_logging
from allpetplus.core.redis import get_redis
from allpetplus.core.settings import settings
from allpetplus.jobs.builder import warm_pictures
from allpetplus.jobs.scheduled import (
    dispatch_outbox,
    licence_daily,
    reconcile_shopify_catalog,
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
    (reconcile_shopify_catalog, "40 3 * * *"),
)


def run(name: str, on: str = "") -> object:
    """Run the scheduled job called ``name`` now (``on``: as if it were that ISO date); what it returned."""
    jobs = {job.__name__: job for job, _ in SCHEDULE}
    if name not in jobs:
        raise KeyError(name)
    with clock.travel_to(date.fromisoformat(on)) if on else contextlib.nullcontext():
        return jobs[name]()


def main(argv: list[str] | None = None) -> int:
    """Register the schedule and run until stopped, or run one job now."""
    parser = argparse.ArgumentParser(prog="python -m allpetplus.jobs.scheduler", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command")
    once = commands.add_parser("run", help="run one scheduled job now")
    once.add_argument("job", choices=[job.__name__ for job, _ in SCHEDULE])
    once.add_argument("--on", default="", help="the day to run it as (default: today)")
    args = parser.parse_args(argv)
    configure_logging()
    if args.command == "run":
        try:
            print(f"{args.job}: {run(args.job, args.on)}")
        except ValueError:
            print(f"--on: {args.on!r} is not a date like 2027-04-18", file=sys.stderr)
            return 2
        return 0
    scheduler = CronScheduler(connection=get_redis(), logging_level="WARNING", name="allpetplus")
    for job, cron in SCHEDULE:
        scheduler.register(job, queue_name=settings.QUEUE_NAME, cron=cron)
    scheduler.start()
    return 0


if __name__ == "__main__":
    sys.exit(main())
