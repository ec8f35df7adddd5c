"""Form pieces: a labelled field with its error message right beside it, a form-level alert, and the choice of
how to pay."""

from __future__ import annotations

import reflex as rx


def field_error(errors: rx.Var, name: str) -> rx.Component:
    """The message for field ``name`` from a state's ``errors`` dict, shown only when there is one."""
    message = errors[name].to(str)
    return rx.cond(
        errors.contains(name),
        rx.text(message, color="var(--red-11)", size="2", role="alert", data_error_for=name),
    )


def labelled(label: str, control: rx.Component, errors: rx.Var, name: str, hint: str = "") -> rx.Component:
    """A label, the control, an optional hint and the field's error."""
    return rx.vstack(
        rx.el.label(rx.text(label, size="2", weight="medium"), html_for=name),
        control,
        *([rx.text(hint, size="1", color="var(--gray-10)")] if hint else []),
        field_error(errors, name),
        spacing="1",
        width="100%",
        align="stretch",
    )


def text_field(label: str, name: str, errors: rx.Var, *, type: str = "text", hint: str = "", **props) -> rx.Component:
    """A labelled text input named ``name`` (its value arrives in the form's submit data)."""
    return labelled(
        label,
        rx.input(name=name, id=name, type=type, size="3", width="100%", **props),
        errors,
        name,
        hint,
    )


def form_alert(errors: rx.Var) -> rx.Component:
    """A message about the whole form (e.g. rate limited), under the key ``form``."""
    return rx.cond(
        errors.contains("form"),
        rx.callout(errors["form"].to(str), icon="triangle-alert", color_scheme="red", role="alert", width="100%"),
    )


def payment_choice(card_payments: rx.Var, invoice_terms: rx.Var | str) -> rx.Component:
    """How an order can be paid (a ``provider`` field): exactly the ways that are offered, card first and chosen
    when card payments are set up, otherwise invoice alone with its terms."""
    return rx.cond(
        card_payments,
        rx.el.fieldset(
            rx.el.legend(rx.text("Pay by", size="2", weight="medium")),
            rx.vstack(
                *(
                    rx.el.label(
                        rx.hstack(
                            rx.el.input(type="radio", name="provider", value=value, default_checked=value == "stripe"),
                            rx.vstack(
                                rx.text(title, size="2", weight="medium"),
                                rx.text(words, size="1", color="var(--gray-11)"),
                                spacing="0",
                            ),
                            align="start",
                        ),
                    )
                    for value, title, words in (
                        ("stripe", "Card", "You go to Stripe's secure page to pay now."),
                        ("invoice", "Invoice", invoice_terms),
                    )
                ),
                spacing="2",
            ),
            id="payment-methods",
            border="none",
            padding="0",
            margin="0",
        ),
        rx.vstack(
            rx.el.input(type="hidden", name="provider", value="invoice"),
            rx.text("Pay on invoice", size="2", weight="medium"),
            rx.text(invoice_terms, size="2", color="var(--gray-11)"),
            spacing="1",
            id="payment-methods",
        ),
    )
