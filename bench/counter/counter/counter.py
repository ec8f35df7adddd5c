"""One int and one handler, built with the same Reflex as the product."""

import reflex as rx


class CounterState(rx.State):
    """The whole state."""

    count: int = 0

    @rx.event
    def increment(self):
        """Add one."""
        self.count += 1


def index() -> rx.Component:
    """The only page."""
    return rx.center(
        rx.vstack(
            rx.heading(CounterState.count, id="count"),
            rx.button("Increment", on_click=CounterState.increment, id="increment"),
        ),
        height="100vh",
    )


app = rx.App()
app.add_page(index)
