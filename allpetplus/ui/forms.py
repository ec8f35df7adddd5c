"""Form pieces: a labelled field with its error message right beside it, and a form-level alert."""

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
