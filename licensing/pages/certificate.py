"""``/certificate/[id]``: the printable licence certificate."""

import reflex as rx

from allpetplus.core.settings import settings
from allpetplus.ui.components import empty_state
from licensing.pages.site import LICENSING
from licensing.state.public import CertificateState as C


def certificate() -> rx.Component:
    lic = C.licence
    return rx.vstack(
        rx.hstack(rx.spacer(), rx.button("Print", on_click=rx.call_script("window.print()"), class_name="no-print")),
        rx.box(
            rx.vstack(
                rx.text(lic.jurisdiction_name, size="3", weight="bold", color="var(--accent-11)"),
                rx.heading("Pet licence certificate", size="8"),
                rx.text(
                    lic.tag_number, size="8", weight="bold", font_family="ui-monospace, monospace", id="certificate-tag"
                ),  # fmt: skip
                rx.grid(
                    *(
                        rx.fragment(rx.text(label, color="var(--gray-11)"), rx.text(value, weight="medium"))
                        for label, value in (
                            ("Pet", lic.pet_name),
                            ("Species", lic.species),
                            ("Breed", lic.breed),
                            ("Owner", lic.owner_name),
                            ("Valid from", lic.starts_on),
                            ("Valid until", lic.expires_on),
                            ("Status", lic.status),
                        )
                    ),
                    columns="10rem 1fr",
                    spacing="2",
                ),  # fmt: skip
                rx.text(
                    "Keep this certificate with your pet's records. Lost tag? Replace it from your licences page.",
                    size="1",
                    color="var(--gray-10)",
                ),  # fmt: skip
                spacing="4",
                align="start",
            ),
            border="2px solid var(--accent-8)",
            border_radius="12px",
            padding="2.5rem",
            width="100%",
            max_width="44rem",
        ),
        align="center",
        padding_y="2rem",
        width="100%",
    )


@LICENSING.page(route="/certificate/[id]", title="Licence certificate", on_load=C.load)
def certificate_page() -> rx.Component:
    """A print-ready certificate for a licence."""
    return rx.match(
        C.status,
        ("ready", certificate()),
        (
            "signed_out",
            empty_state(
                "lock",
                "Sign in to see this certificate",
                "Certificates are shown to their owner.",
                "Sign in",
                settings.MAIN_URL + "/sign-in",
            ),
        ),  # fmt: skip
        (
            "missing",
            empty_state(
                "file-x",
                "Certificate not found",
                "There is no issued licence at this address.",
                "Your licences",
                "/licences",
            ),
        ),  # fmt: skip
        rx.center(rx.spinner(size="3"), padding_y="4rem"),
    )
