"""``/admin/jobs``: failed jobs (with re-run) and the stored e-mails (each opens to its text and HTML; resend)."""

import reflex as rx

from allpetplus.pages.admin.layout import staff_page
from allpetplus.pages.site import MAIN
from allpetplus.state.admin import JobsState
from allpetplus.state.auth import AuthState
from allpetplus.ui.components import data_table, local_time


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


def status_badge(status: rx.Var) -> rx.Component:
    colour = rx.match(status, ("Sent", "teal"), ("Failed", "red"), ("Sending", "amber"), "gray")
    return rx.badge(status, color_scheme=colour, white_space="nowrap")


# Status and When come first: on a phone the table scrolls sideways and these stay in view.
MAIL_HEADERS = ["Status", "When", "Subject", "To", "Attempts", "Last error", ""]


def mail_cells(mail: rx.Var) -> list[rx.Component]:
    return [
        rx.table.cell(status_badge(mail.status), class_name="mail-status"),
        rx.table.cell(local_time(mail.created_at, size="1"), white_space="nowrap", class_name="mail-when"),
        rx.table.cell(
            rx.link(
                mail.subject, href="#", on_click=JobsState.open_mail(mail.id).prevent_default, class_name="open-mail"
            ),
            min_width="12rem",
        ),
        rx.table.cell(mail.recipient),
        rx.table.cell(mail.attempts),
        rx.table.cell(
            rx.text(mail.error, size="1"),
            rx.cond(mail.next_attempt != "", rx.text("Next try ", local_time(mail.next_attempt), size="1")),
            class_name="mail-error",
        ),
        rx.table.cell(rx.cond(mail.can_resend, rx.button("Resend", size="1", on_click=JobsState.resend(mail.id)))),
    ]


def mail_field(label: str, value: rx.Component | rx.Var) -> rx.Component:
    return rx.hstack(rx.text(label, size="2", color="var(--gray-11)", min_width="4.5rem"), value, align="baseline")


def mail_dialog() -> rx.Component:
    """The opened e-mail: who it went to, how sending went, its text, and its HTML in a sandboxed frame
    (no scripts, no forms, no access to this page)."""
    mail = JobsState.opened
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(mail.subject, id="mail-subject"),
            rx.vstack(
                mail_field("To", rx.text(mail.recipient, size="2", id="mail-recipient")),
                mail_field("Status", status_badge(mail.status)),
                mail_field("Stored", local_time(mail.created_at, size="2")),
                rx.cond(mail.error != "", mail_field("Error", rx.text(mail.error, size="2", color="var(--red-11)"))),
                spacing="1",
            ),
            rx.tabs.root(
                rx.tabs.list(rx.tabs.trigger("Text", value="text"), rx.tabs.trigger("HTML", value="html")),
                rx.tabs.content(
                    rx.box(
                        mail.text,
                        white_space="pre-wrap",
                        font_family="var(--code-font-family)",
                        font_size="0.85rem",
                        padding="0.75rem",
                        background="var(--gray-a2)",
                        border_radius="var(--radius-2)",
                        max_height="50vh",
                        overflow_y="auto",
                        id="mail-text",
                    ),
                    value="text",
                    padding_top="0.75rem",
                ),
                rx.tabs.content(
                    rx.el.iframe(
                        src_doc=mail.html,
                        sandbox="",
                        title="The e-mail as its HTML shows it",
                        width="100%",
                        height="420px",
                        border="1px solid var(--gray-a5)",
                        border_radius="var(--radius-2)",
                        id="mail-html",
                    ),
                    value="html",
                    padding_top="0.75rem",
                ),
                default_value="text",
                margin_top="1rem",
            ),
            rx.hstack(
                rx.dialog.close(rx.button("Close", variant="soft", color_scheme="gray")),
                justify="end",
                margin_top="1rem",
            ),
            max_width="44rem",
            id="mail-dialog",
        ),
        open=mail.bool(),
        on_open_change=JobsState.close_mail,
    )


@MAIN.page(route="/admin/jobs", title="Jobs and mailbox · Staff", on_load=[AuthState.require_admin, JobsState.load])
def admin_jobs() -> rx.Component:
    """Staff: failed jobs (with re-run) and the stored e-mails (open one to read it; resend those that failed)."""
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
        rx.text("Open a message to read it as it was sent.", size="2", color="var(--gray-11)"),
        data_table(MAIL_HEADERS, JobsState.mails, mail_cells, row_props={"data_testid": "mail"}),
        mail_dialog(),
    )
