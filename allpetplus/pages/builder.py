"""``/builder``: design a harness, a collar, a leash (any registered product type) with a live 3D preview and a live,
explained price. The harness has its own panel; every other type gets the generic one, drawn from its choices."""

import reflex as rx

from allpetplus.builder.config import SIZES, options
from allpetplus.core.money import format_money
from allpetplus.pages.site import MAIN
from allpetplus.seo.shell import PAINT_LATER
from allpetplus.state.auth import AuthState
from allpetplus.state.builder import DRAFT_KEY, BuilderState
from allpetplus.ui.components import amount_row, panel
from allpetplus.ui.draft_keeper import draft_keeper
from allpetplus.ui.forms import field_error, form_alert
from allpetplus.ui.model_viewer import model_viewer
from allpetplus.ui.theme import CARD_SHADOW

OPTS = options()


def section(title: str, *children: rx.Component, **props) -> rx.Component:
    return rx.vstack(rx.text(title, weight="bold", size="2"), *children, spacing="2", width="100%", **props)


def choice(field: str, value: str, label: str, sub: str = "") -> rx.Component:
    """A button for one value of an option; disabled (with the reason) when it would break the design."""
    key = f"{field}:{value}"
    chosen = BuilderState.config[field].to(str) == value
    blocked = BuilderState.blocked.contains(key)
    return rx.button(
        rx.vstack(
            rx.text(label, size="2", weight="medium"),
            *([rx.text(sub, size="1", opacity="0.75")] if sub else []),
            spacing="0",
            align="center",
        ),
        variant=rx.cond(chosen, "solid", "outline"),
        color_scheme=rx.cond(chosen, "teal", "gray"),
        disabled=blocked,
        title=rx.cond(blocked, BuilderState.blocked[key].to(str), ""),
        on_click=BuilderState.set_option(field, value),
        height="auto",
        padding_y="0.45rem",
        data_option=key,
        aria_pressed=chosen,
    )


def unavailable_note(field: str, values: list[str]) -> rx.Component:
    """The reasons some values of an option are unavailable, shown under it."""
    return rx.fragment(
        *(
            rx.cond(
                BuilderState.blocked.contains(f"{field}:{v}"),
                rx.text(
                    BuilderState.blocked[f"{field}:{v}"].to(str),
                    size="1",
                    color="var(--amber-11)",
                    data_unavailable=f"{field}:{v}",
                ),
            )
            for v in values
        )
    )


def swatches(field: str | rx.Var, use: str | rx.Var) -> rx.Component:
    def swatch(colour: rx.Var) -> rx.Component:
        chosen = BuilderState.config[field].to(str) == colour["slug"].to(str)
        return rx.cond(
            colour["uses"].to(list[str]).contains(use),
            rx.tooltip(
                rx.button(
                    width="30px",
                    height="30px",
                    padding="0",
                    border_radius="999px",
                    background_color=colour["hex"].to(str),
                    border=rx.cond(chosen, "3px solid var(--gray-12)", "1px solid var(--gray-a7)"),
                    on_click=BuilderState.set_option(field, colour["slug"].to(str)),
                    aria_label=colour["name"].to(str),
                    aria_pressed=chosen,
                    data_colour=colour["slug"].to(str),
                ),
                content=colour["name"].to(str),
            ),
        )

    return rx.flex(rx.foreach(BuilderState.palette, swatch), gap="0.4rem", wrap="wrap", data_field=field)


def toggle(field: str, label: str, price: str, blocked_value: bool) -> rx.Component:
    key = f"{field}:{blocked_value}"
    return rx.vstack(
        rx.hstack(
            rx.switch(
                checked=BuilderState.config[field].to(bool),
                on_change=lambda value: BuilderState.set_option(field, value),
                disabled=BuilderState.blocked.contains(key),
                id=field,
            ),
            rx.el.label(rx.text(label, size="2"), html_for=field),
            rx.spacer(),
            rx.text(price, size="1", color="var(--gray-10)"),
            width="100%",
            align="center",
        ),
        rx.cond(
            BuilderState.blocked.contains(key),
            rx.text(BuilderState.blocked[key].to(str), size="1", color="var(--amber-11)", data_unavailable=key),
        ),
        field_error(BuilderState.errors, field),
        spacing="1",
        width="100%",
    )


def licence_tag_select(hint: str) -> rx.Component:
    """One of the owner's current licence tags, printed with its lookup QR code (or none)."""
    return rx.vstack(
        rx.text(hint, size="1", color="var(--gray-11)"),
        rx.el.select(
            rx.el.option("No tag", value=""),
            rx.foreach(BuilderState.tags, lambda t: rx.el.option(t["label"], value=t["number"])),
            value=BuilderState.config["licence_tag"].to(str),
            on_change=lambda value: BuilderState.set_option("licence_tag", value),
            id="licence-tag",
            class_name="rt-reset rt-SelectTrigger rt-r-size-2 rt-variant-surface",
        ),
        field_error(BuilderState.errors, "licence_tag"),
        spacing="1",
        width="100%",
    )


def type_switch() -> rx.Component:
    """What to design: every registered product type."""

    def kind(entry: rx.Var) -> rx.Component:
        chosen = BuilderState.product_type == entry["slug"]
        return rx.button(
            entry["name"],
            variant=rx.cond(chosen, "solid", "outline"),
            color_scheme=rx.cond(chosen, "teal", "gray"),
            size="3",
            on_click=BuilderState.choose_type(entry["slug"]),
            disabled=BuilderState.read_only,
            aria_pressed=chosen,
            data_type=entry["slug"],
        )

    return rx.flex(rx.foreach(BuilderState.types_offered, kind), gap="0.5rem", wrap="wrap", role="group",
                   aria_label="What to design", id="product-types")  # fmt: skip


def generic_choice(field: rx.Var, option: rx.Var) -> rx.Component:
    """A button for one value of a type's option; disabled (with the reason) when it would break the design."""
    chosen = BuilderState.config[field.to(str)] == option["value"]
    blocked = BuilderState.blocked.contains(option["key"])
    return rx.button(
        option["label"],
        variant=rx.cond(chosen, "solid", "outline"),
        color_scheme=rx.cond(chosen, "teal", "gray"),
        disabled=blocked,
        title=rx.cond(blocked, BuilderState.blocked[option["key"].to(str)].to(str), ""),
        on_click=BuilderState.set_option(field, option["value"]),
        data_option=option["key"],
        aria_pressed=chosen,
    )


def dynamic_error(field: rx.Var) -> rx.Component:
    """The message for a field named by a var, shown only when there is one."""
    return rx.cond(
        BuilderState.errors.contains(field),
        rx.text(
            BuilderState.errors[field.to(str)].to(str),
            color="var(--red-11)",
            size="2",
            role="alert",
            data_error_for=field,
        ),  # fmt: skip
    )


def generic_panel() -> rx.Component:
    """The options of any type but the harness, drawn from its choices and colours."""

    def control(entry: rx.Var) -> rx.Component:
        options = entry["options"].to(list[dict])
        return section(
            entry["label"],
            rx.flex(rx.foreach(options, lambda o: generic_choice(entry["field"], o)), gap="0.4rem", wrap="wrap"),
            rx.foreach(
                options,
                lambda o: rx.cond(
                    BuilderState.blocked.contains(o["key"]),
                    rx.text(
                        BuilderState.blocked[o["key"].to(str)].to(str),
                        size="1",
                        color="var(--amber-11)",
                        data_unavailable=o["key"],
                    ),  # fmt: skip
                ),
            ),
            dynamic_error(entry["field"]),
        )

    def colour(entry: rx.Var) -> rx.Component:
        return section(entry["label"], swatches(entry["field"], entry["use"]), dynamic_error(entry["field"]))

    return panel(
        rx.vstack(
            form_alert(BuilderState.errors),
            rx.flex(
                rx.cond(
                    BuilderState.can_match,
                    rx.button(
                        rx.icon("wand-sparkles", size=16),
                        "Match my harness",
                        variant="soft",
                        size="3",
                        on_click=BuilderState.match_harness(""),
                        id="match-harness",
                    ),  # fmt: skip
                ),
                rx.cond(
                    BuilderState.can_match_saved,
                    rx.select.root(
                        rx.select.trigger(placeholder="Match a saved harness", id="match-saved"),
                        rx.select.content(
                            rx.foreach(
                                BuilderState.saved_harnesses, lambda d: rx.select.item(d["name"], value=d["id"])
                            ),
                        ),
                        value="",
                        on_change=BuilderState.match_harness,
                        size="3",
                    ),
                ),
                gap="0.5rem",
                wrap="wrap",
                align="center",
            ),
            rx.foreach(BuilderState.controls, control),
            rx.foreach(BuilderState.colour_controls, colour),
            rx.cond(
                BuilderState.config.contains("licence_tag") & (BuilderState.tags.length() > 0),
                licence_tag_select("Licence tag, engraved with a QR code that opens the lost-pet lookup"),
            ),
            section(
                "Personalised text",
                rx.input(
                    value=BuilderState.config["text"].to(str),
                    on_change=BuilderState.set_text,
                    placeholder="Your dog's name",
                    id="design-text",
                    width="100%",
                    size="3",
                ),  # fmt: skip
                field_error(BuilderState.errors, "text"),
            ),
            section(
                "Quantity",
                rx.input(
                    value=BuilderState.config["quantity"].to(str),
                    on_change=BuilderState.set_quantity,
                    type="number",
                    min=1,
                    max=10,
                    width="6rem",
                    id="quantity",
                    aria_label="How many",
                ),  # fmt: skip
                field_error(BuilderState.errors, "quantity"),
            ),
            spacing="5",
            width="100%",
        ),
    )


def set_card() -> rx.Component:
    """The harness, collar and leash designed in this visit, side by side in 3D, with the set's price."""

    def part(entry: rx.Var) -> rx.Component:
        return rx.vstack(
            rx.box(
                rx.cond(
                    entry["url"] != "",
                    model_viewer(
                        entry["url"],
                        "3D preview of a part of your set",
                        style={"width": "100%", "height": "100%", "--progress-bar-height": "0px"},
                    ),  # fmt: skip
                    rx.center(rx.text("Open it to draw its preview.", size="2", color="var(--gray-11)"), height="100%"),
                ),
                height="220px",
                width="100%",
                background="radial-gradient(circle at 50% 40%, var(--gray-1), var(--gray-3))",
                border_radius="var(--radius-4)",
            ),
            rx.hstack(
                rx.button(entry["title"], variant="ghost", on_click=BuilderState.choose_type(entry["type"])),
                rx.spacer(),
                rx.text(entry["price"], weight="medium"),
                width="100%",
                align="center",
            ),
            spacing="2",
            width="100%",
            data_set_part=entry["type"],
        )

    return rx.cond(
        BuilderState.set_view.length() > 0,
        rx.card(
            rx.vstack(
                rx.hstack(
                    rx.heading("Your matching set", size="5", as_="h2"),
                    rx.spacer(),
                    rx.text(BuilderState.set_total, weight="medium", id="set-total"),
                    width="100%",
                    align="center",
                    wrap="wrap",
                ),
                rx.grid(
                    rx.foreach(BuilderState.set_view, part),
                    columns=rx.breakpoints(initial="1", sm="3"),
                    spacing="4",
                    width="100%",
                ),  # fmt: skip
                spacing="3",
                width="100%",
            ),
            size="3",
            box_shadow=CARD_SHADOW,
            width="100%",
            id="set-view",
        ),
    )


def surcharge(cents: int) -> str:
    """What an option adds to the price (``"+$4.00"``), or "included"."""
    return "+" + format_money(cents, OPTS["currency"]) if cents else "included"


def options_panel() -> rx.Component:
    extras = OPTS["extras_cents"]
    return panel(
        rx.vstack(
            form_alert(BuilderState.errors),
            section(
                "Style",
                rx.flex(
                    *(choice("style", key, s["name"]) for key, s in OPTS["styles"].items()),
                    gap="0.4rem",
                    wrap="wrap",
                ),
                unavailable_note("style", list(OPTS["styles"])),
            ),
            section(
                "Size",
                rx.flex(
                    *(
                        choice("size", size, size, "{}–{} cm".format(*OPTS["sizes"][size]["chest_cm"]))
                        for size in SIZES
                    ),
                    gap="0.4rem",
                    wrap="wrap",
                ),
                unavailable_note("size", list(SIZES)),
            ),
            section(
                "Webbing colour",
                swatches("webbing_colour", "webbing"),
                field_error(BuilderState.errors, "webbing_colour"),
            ),
            section(
                "Padding colour",
                swatches("padding_colour", "padding"),
                field_error(BuilderState.errors, "padding_colour"),
            ),
            section("Trim colour", swatches("trim_colour", "trim"), field_error(BuilderState.errors, "trim_colour")),
            section(
                "Hardware",
                rx.flex(
                    *(
                        choice("hardware", k, h["name"], surcharge(h["price_cents"]))
                        for k, h in OPTS["hardware"].items()
                    ),
                    gap="0.4rem",
                    wrap="wrap",
                ),
                unavailable_note("hardware", list(OPTS["hardware"])),
            ),
            section(
                "Extras",
                toggle("reflective_trim", "Reflective trim", surcharge(extras["reflective_trim"]), True),
                toggle("front_d_ring", "Front D-ring (no-pull)", surcharge(extras["front_d_ring"]), True),
                toggle("back_d_ring", "Back D-ring", "included", False),
                toggle("grab_handle", "Grab handle", surcharge(extras["grab_handle"]), True),
                toggle("id_patch", "ID patch", surcharge(extras["id_patch"]), True),
                rx.cond(
                    BuilderState.config["id_patch"].to(bool) & (BuilderState.tags.length() > 0),
                    licence_tag_select("Licence tag on the patch, with a QR code that opens the lost-pet lookup"),
                ),
            ),
            section(
                "Personalised text",
                rx.input(
                    value=BuilderState.config["text"].to(str),
                    on_change=BuilderState.set_text,
                    placeholder="Your dog's name",
                    id="harness-text",
                    width="100%",
                    size="3",
                ),
                field_error(BuilderState.errors, "text"),
                rx.text(
                    f"{surcharge(extras['per_character'])} per letter; up to "
                    + ", ".join(f"{s['max_text']} on the {s['name'].lower()}" for s in OPTS["styles"].values()),
                    size="1",
                    color="var(--gray-10)",
                ),
                rx.flex(
                    *(choice("font", k, f["name"], surcharge(f["price_cents"])) for k, f in OPTS["fonts"].items()),
                    gap="0.4rem",
                    wrap="wrap",
                ),
                rx.text("Thread colour", size="1", color="var(--gray-11)"),
                swatches("thread_colour", "thread"),
            ),
            section(
                "Quantity",
                rx.input(
                    value=BuilderState.config["quantity"].to(str),
                    on_change=BuilderState.set_quantity,
                    type="number",
                    min=1,
                    max=OPTS["max_quantity"],
                    width="6rem",
                    id="quantity",
                    aria_label="How many harnesses",
                ),
                field_error(BuilderState.errors, "quantity"),
            ),
            spacing="5",
            width="100%",
        ),
    )


def flat_preview() -> rx.Component:
    """A 2D drawing of the harness in its colours, for when the 3D render failed."""
    colour = {
        c: BuilderState.palette_hex[BuilderState.config[c].to(str)].to(str)
        for c in ("webbing_colour", "padding_colour", "trim_colour")
    }
    return rx.center(
        rx.vstack(
            rx.box(
                rx.box(width="70%", height="26px", background_color=colour["webbing_colour"], border_radius="13px"),
                rx.box(
                    width="46%",
                    height="90px",
                    background_color=colour["padding_colour"],
                    border_radius="18px",
                    border=rx.Var.create("4px solid ") + colour["trim_colour"],
                ),
                rx.box(width="70%", height="26px", background_color=colour["webbing_colour"], border_radius="13px"),
                display="flex",
                flex_direction="column",
                align_items="center",
                gap="10px",
                width="320px",
            ),
            rx.text("The 3D preview could not be drawn; this is your harness in 2D.", size="2", color="var(--gray-11)"),
            rx.button("Try the 3D preview again", on_click=BuilderState.retry_preview, id="retry-preview"),
            align="center",
            spacing="3",
        ),
        height="100%",
        id="preview-fallback",
    )


def viewer() -> rx.Component:
    return rx.card(
        rx.box(
            rx.cond(
                BuilderState.preview_state == "failed",
                flat_preview(),
                rx.box(
                    rx.cond(
                        BuilderState.preview_url != "",
                        model_viewer(
                            BuilderState.preview_url,
                            "3D preview of your " + BuilderState.type_name,
                            id="harness-viewer",
                            style={"width": "100%", "height": "100%", "--progress-bar-height": "0px"},
                        ),
                    ),
                    rx.cond(
                        BuilderState.preview_state == "rendering",
                        rx.center(
                            rx.hstack(
                                rx.spinner(), rx.text("Rendering your " + BuilderState.type_name + "…"), align="center"
                            ),
                            position="absolute",
                            inset="0",
                            # Opaque enough that whatever is beneath (the last model, the paused-3D note) stays quiet.
                            background_color="rgba(255,255,255,.85)",
                            backdrop_filter="blur(3px)",
                            id="preview-rendering",
                        ),
                    ),
                    position="relative",
                    width="100%",
                    height="100%",
                    # The first HTML shows the design's picture here until the viewer takes over (allpetplus.seo).
                    custom_attrs={"data-ssr-slot": "viewer"},
                ),
            ),
            height="440px",
            width="100%",
            background="radial-gradient(circle at 50% 40%, var(--gray-1), var(--gray-3))",
            border_radius="var(--radius-4)",
            data_preview_state=BuilderState.preview_state,
            data_preview_url=BuilderState.preview_url,
            id="preview",
        ),
        rx.text("Drag to turn it; scroll or pinch to zoom.", size="1", color="var(--gray-10)", margin_top="0.5rem"),
        size="2",
        box_shadow=CARD_SHADOW,
        width="100%",
    )


def price_card() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading("Your price", size="4", as_="h2"),
            rx.vstack(
                rx.foreach(
                    BuilderState.lines,
                    lambda line: amount_row(line.label, line.amount, class_name="price-line", data_code=line.code),
                ),
                spacing="2",
                width="100%",
                # The first HTML shows the default design's lines here (allpetplus.seo).
                custom_attrs={"data-ssr-slot": "price-lines"},
            ),
            rx.divider(),
            rx.hstack(
                rx.text("Total", weight="bold"),
                rx.spacer(),
                rx.heading(
                    BuilderState.total, size="6", id="price-total", custom_attrs={"data-ssr-slot": "price-total"}
                ),
                width="100%",
                align="center",
            ),
            rx.button(
                rx.icon("shopping-cart", size=18),
                "Add to cart",
                on_click=BuilderState.add_to_cart,
                disabled=BuilderState.read_only,
                size="3",
                width="100%",
                id="add-to-cart",
            ),
            rx.cond(
                BuilderState.can_add_set,
                rx.button(
                    rx.icon("layers", size=18),
                    "Add all three as a set",
                    on_click=BuilderState.add_set_to_cart,
                    variant="soft",
                    size="3",
                    width="100%",
                    id="add-set",
                ),
            ),
            rx.text("Shipping and tax are worked out at checkout.", size="1", color="var(--gray-10)"),
            spacing="2",
            width="100%",
            id="price-breakdown",
        ),
        size="3",
        box_shadow=CARD_SHADOW,
        width="100%",
    )


def fit_card() -> rx.Component:
    return panel(
        rx.vstack(
            rx.heading("Fit for your pet", size="4", as_="h2"),
            rx.cond(
                BuilderState.pets.length() > 0,
                rx.vstack(
                    rx.select.root(
                        rx.select.trigger(placeholder="Choose a pet", id="fit-pet"),
                        rx.select.content(
                            rx.foreach(BuilderState.pets, lambda p: rx.select.item(p["name"], value=p["id"]))
                        ),
                        value=BuilderState.pet_id,
                        on_change=BuilderState.choose_pet,
                    ),
                    rx.cond(
                        BuilderState.recommendation != "",
                        rx.vstack(
                            rx.text(BuilderState.recommendation, size="2", id="fit-reason"),
                            rx.cond(
                                BuilderState.recommendation_action != "",
                                rx.button(
                                    BuilderState.recommendation_action,
                                    on_click=BuilderState.accept_recommendation,
                                    size="2",
                                    variant="soft",
                                    id="accept-size",
                                ),
                            ),
                            spacing="2",
                        ),
                    ),
                    rx.cond(
                        BuilderState.growth != "",
                        rx.vstack(
                            rx.callout(
                                BuilderState.growth, icon="trending-up", color_scheme="amber", id="growth-alert"
                            ),
                            rx.button(
                                "Switch to " + BuilderState.growth_size,
                                on_click=BuilderState.accept_growth,
                                size="2",
                                variant="soft",
                                color_scheme="amber",
                                id="accept-growth",
                            ),
                            spacing="2",
                        ),
                    ),
                    spacing="3",
                    width="100%",
                ),
                rx.cond(
                    AuthState.signed_in,
                    rx.text(
                        "Add your pet's measurements in ",
                        rx.link("your dashboard", href="/dashboard/pets"),
                        " and we'll size the " + BuilderState.type_name + " for them.",
                        size="2",
                    ),
                    rx.text(
                        rx.link("Sign in", href=AuthState.sign_in_url),
                        " to size the " + BuilderState.type_name + " from your pet's profile and save designs.",
                        size="2",
                    ),
                ),
            ),
            rx.form(
                rx.hstack(
                    rx.input(
                        name="girth_cm",
                        placeholder=BuilderState.measure_hint,
                        aria_label=BuilderState.measure_hint,
                        input_mode="decimal",
                        id="girth-cm",
                        width="100%",
                    ),
                    rx.button("Size it", type="submit", variant="soft"),
                    width="100%",
                ),
                field_error(BuilderState.errors, "girth_cm"),
                on_submit=BuilderState.measure,
                width="100%",
            ),
            rx.cond(
                (BuilderState.recommendation != "") & (BuilderState.pets.length() == 0),
                rx.hstack(
                    rx.text(BuilderState.recommendation, size="2", id="fit-reason-measured"),
                    rx.button(
                        BuilderState.recommendation_action,
                        on_click=BuilderState.accept_recommendation,
                        size="1",
                        variant="soft",
                    ),
                    align="center",
                    wrap="wrap",
                ),
            ),
            spacing="3",
            width="100%",
        ),
    )


def save_card() -> rx.Component:
    return panel(
        rx.cond(
            BuilderState.read_only,
            rx.vstack(
                rx.heading("A shared design", size="4", as_="h2"),
                rx.text("“" + BuilderState.shared_from + "”, shared with you. Make it yours to change it.", size="2"),
                rx.button("Use this design", on_click=BuilderState.use_shared, id="use-shared"),
                spacing="3",
                id="shared-banner",
            ),
            rx.cond(
                AuthState.signed_in,
                rx.form(
                    rx.vstack(
                        rx.heading("Save your design", size="4", as_="h2"),
                        rx.input(
                            name="design_name",
                            default_value=BuilderState.design_name,
                            id="design-name",
                            width="100%",
                            key=BuilderState.product_type + BuilderState.design_id.to(str),
                        ),
                        field_error(BuilderState.errors, "name"),
                        rx.radio_group.root(
                            rx.hstack(
                                rx.radio_group.item("Draft", value="DRAFT"),
                                rx.radio_group.item("Ready to order", value="ACTIVE"),
                                spacing="4",
                            ),
                            name="status",
                            default_value="DRAFT",
                            aria_label="Design status",
                        ),
                        rx.hstack(
                            rx.button("Save design", type="submit", id="save-design"),
                            rx.button(
                                "Share", type="button", variant="soft", on_click=BuilderState.share, id="share-design"
                            ),
                            wrap="wrap",
                        ),
                        rx.cond(
                            BuilderState.share_url != "",
                            rx.vstack(
                                rx.text("Anyone with this link can open a copy:", size="1"),
                                rx.code(BuilderState.share_url, id="share-url"),
                                spacing="1",
                            ),
                        ),
                        rx.link("Start a new design", on_click=BuilderState.start_over, size="2"),
                        spacing="3",
                        width="100%",
                    ),
                    on_submit=BuilderState.save,
                ),
                rx.text(
                    rx.link("Sign in", href=AuthState.sign_in_url),
                    " to save and share your design. Your changes are kept on this device meanwhile.",
                    size="2",
                ),
            ),
        ),
    )


def design_draft() -> rx.Component:
    """The unsaved design, kept in the browser (read back by ``BuilderState.load``); never a shared one."""
    parts = {"config": BuilderState.config, "name": BuilderState.design_name, "design_id": BuilderState.design_id,
             "type": BuilderState.product_type, "others": BuilderState.others,
             "saved": BuilderState.other_saved}  # fmt: skip
    return draft_keeper(DRAFT_KEY, parts, paused=BuilderState.read_only)


def after_picture(component: rx.Component) -> rx.Component:
    """``component`` drawn in the first HTML's snapshot only once the design's picture is painted: the controls
    cannot be used before the page's scripts run, and the picture is what the first frame is for."""
    component.custom_attrs[PAINT_LATER] = ""
    return component


@MAIN.page(route="/builder", title="Harness builder", on_load=BuilderState.load)
def builder() -> rx.Component:
    """The builder."""
    return rx.vstack(
        design_draft(),
        rx.cond(
            BuilderState.link_problem != "",
            rx.callout(
                BuilderState.link_problem, icon="link-2-off", color_scheme="amber", id="link-problem", width="100%"
            ),  # fmt: skip
        ),
        rx.vstack(
            rx.heading("Design your " + BuilderState.type_name, size="8", as_="h1"),
            rx.text("Every change updates the 3D preview and the price.", color="var(--gray-11)"),
            type_switch(),
            spacing="2",
        ),
        rx.grid(
            rx.vstack(
                viewer(),
                after_picture(price_card()),
                after_picture(fit_card()),
                after_picture(save_card()),
                spacing="4",
                width="100%",
                position=rx.breakpoints(initial="static", md="sticky"),
                top="80px",
            ),
            rx.cond(BuilderState.is_default_type, after_picture(options_panel()), after_picture(generic_panel())),
            columns=rx.breakpoints(initial="1", md="2"),
            spacing="5",
            width="100%",
            align_items="start",
        ),
        set_card(),
        spacing="5",
        padding_y="2rem",
        width="100%",
    )
