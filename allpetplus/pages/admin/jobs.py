"""``/admin/jobs``: failed jobs (with re-run) and the stored e-mails (with resend)."""

import reflex as rx

from allpetplus.pages.admin.layout import staff_page
from allpetplus.pages.site import MAIN
from allpetplus.state.admin import JobsState
from allpetplus.state.auth import AuthState
from allpetplus.ui.components import data_table


def failed_job_card(job: rx.Var) -> rx.Component:
    return rx.card(
        rx.hstack(
            rx.vstack(
                rx.text(job.function, weight="bold", size="2"),
                rx.code(job.error, size="1"),
                rx.text(job.failed_at, size="1"),
                spacing="1",
            ),
            rx.spacer(),
            rx.button("Re-run", size="1", on_click=JobsState.rerun(job.id)),
            width="100%",
        ),
        width="100%",
        data_testid="failed-job",
    )


def mail_cells(mail: rx.Var) -> list[rx.Component]:
    return [
        rx.table.cell(mail.recipient),
        rx.table.cell(mail.subject),
        rx.table.cell(mail.status, class_name="mail-status"),
        rx.table.cell(mail.attempts),
        rx.table.cell(
            rx.text(mail.error, size="1"),
            rx.cond(mail.next_attempt != "", rx.text("Next try " + mail.next_attempt, size="1")),
            class_name="mail-error",
        ),
        rx.table.cell(mail.created_at),
        rx.table.cell(rx.cond(mail.can_resend, rx.button("Resend", size="1", on_click=JobsState.resend(mail.id)))),
    ]


@MAIN.page(route="/admin/jobs", title="Jobs and mailbox · Staff", on_load=[AuthState.require_admin, JobsState.load])
def admin_jobs() -> rx.Component:
    """Staff: failed jobs (with re-run) and the stored e-mails (with resend for those that failed)."""
    return staff_page(
        rx.hstack(
            rx.heading("Jobs and mailbox", size="8", as_="h1"),
            rx.spacer(),
            rx.link("Staff area", href="/admin"),
            width="100%",
        ),
        rx.heading("Failed jobs", size="5", as_="h2"),
        rx.cond(
            JobsState.failed.length() > 0,
            rx.vstack(rx.foreach(JobsState.failed, failed_job_card), width="100%"),
            rx.text("No failed jobs.", color="var(--gray-11)"),
        ),
        rx.heading("Mailbox", size="5", as_="h2"),
        data_table(
            ["To", "Subject", "Status", "Attempts", "Last error", "When", ""],
            JobsState.mails,
            mail_cells,
            row_props={"data_testid": "mail"},
        ),
    )
