"""State of ``/builder``: the design being edited (a harness, a collar, ... any registered product type), its
price, its 3D preview, fit and saving.

Every change goes through the registry's ``validate`` (the type's schema and rules) and ``quote`` (its price); a
change the rules refuse is not applied and its message is shown beside the option. The design in progress, and the
one of each other type opened in this visit, are kept in the browser's local storage, so a reload loses nothing.
"""

from __future__ import annotations

import asyncio
from typing import Any

import reflex as rx

from allpetplus.application import designs as design_rules
from allpetplus.application.fitting import fit_for_pet, recommended_options
from allpetplus.builder import service as designs
from allpetplus.builder import types as product_types
from allpetplus.builder.config import current_palette
from allpetplus.builder.design import DesignConfig, ProductType, QuoteLine
from allpetplus.builder.preview import cached_url, preview_key
from allpetplus.cart.pricing import rules
from allpetplus.core.db import session_scope
from allpetplus.core.errors import DomainError, ValidationFailed
from allpetplus.core.inputs import InvalidJson, parse_json, record_id
from allpetplus.core.money import format_money
from allpetplus.core.queue import enqueue
from allpetplus.core.settings import settings
from allpetplus.core.words import plural
from allpetplus.jobs.builder import render_design_picture, render_preview_job
from allpetplus.licence.tags import active_tags
from allpetplus.pet.service import pets_of
from allpetplus.state.auth import AuthState
from allpetplus.ui.acting import shows_refusals

RENDER_TIMEOUT_SECONDS = 20
DRAFT_KEY = "allpetplus_builder_draft"
#: How to measure each girth a type is sized from, said when the number typed in is not a girth.
MEASURING = {"chest": "Measure around the widest part of the ribcage: 15 to 150 cm.",
             "neck": "Measure around the neck where the collar sits: 15 to 150 cm."}  # fmt: skip
#: A draft longer than this is not a design the page wrote (one is under 1 KB): it is ignored.
MAX_DRAFT_CHARS = 16 * 1024


def _default(slug: str) -> DesignConfig:
    return product_types.validate({}, current_palette(), slug)


def _controls(kind: ProductType) -> list[dict[str, Any]]:
    """The choices of a type's generic panel: each option with its values, in the builder's words."""

    def option(field: str, value: Any) -> dict[str, Any]:
        return {"value": value, "label": kind.label(field, value), "key": f"{field}:{value}"}

    return [
        {"field": field, "label": kind.label(field), "options": [option(field, value) for value in values]}
        for field, values in kind.choices.items()
    ]


class BuilderState(AuthState):
    """The builder of every registered product type (the harness has its own panel, the others a generic one)."""

    product_type: str = product_types.DEFAULT_TYPE
    types_offered: list[dict[str, str]] = [{"slug": k, "name": t.name} for k, t in product_types.registry().items()]
    #: The current type's choices and colours, for the generic panel.
    controls: list[dict[str, Any]] = []
    colour_controls: list[dict[str, str]] = []
    #: The design of each other type opened in this visit, by type (for switching back and "match my harness").
    others: dict[str, dict[str, Any]] = {}
    #: The saved design each of those was opened from or saved as, by type: ``{"id": 12, "name": "Biscuit's"}``.
    other_saved: dict[str, dict[str, Any]] = {}
    #: The user's saved harnesses, to match a collar or a leash to: ``{"id": "12", "name": "Biscuit's harness"}``.
    saved_harnesses: list[dict[str, str]] = []
    #: The matching set designed in this visit, side by side: each part's type, title, price and 3D preview.
    set_view: list[dict[str, str]] = []
    set_total: str = ""
    config: dict[str, Any] = product_types.registry()[product_types.DEFAULT_TYPE].config().model_dump()
    lines: list[QuoteLine] = []
    total: str = ""
    errors: dict[str, str] = {}
    blocked: dict[str, str] = {}
    palette: list[dict[str, Any]] = []
    tags: list[dict[str, str]] = []

    preview_url: str = ""
    preview_state: str = "idle"
    _preview_key: str = ""
    #: The type whose controls the generic panel holds (so an option change does not read them back).
    _panel_type: str = ""

    pets: list[dict[str, str]] = []
    pet_id: str = ""
    recommendation: str = ""
    recommended_size: str = ""
    #: The options the recommendation sets, by field (the size; a leash's length, width and handle).
    recommended: dict[str, Any] = {}
    growth: str = ""
    growth_size: str = ""

    design_id: int = 0
    design_name: str = "My harness"
    read_only: bool = False
    shared_from: str = ""
    share_url: str = ""
    #: Why the design the address names did not open (a made-up share link, someone else's design).
    link_problem: str = ""
    #: The unsaved design, as the browser keeps it (written by the page, see ``ui.draft_keeper``).
    draft: str = rx.LocalStorage("", name=DRAFT_KEY)

    @rx.var
    def is_default_type(self) -> bool:
        """Whether the harness (with its own panel) is being designed."""
        return self.product_type == product_types.DEFAULT_TYPE

    @rx.var
    def can_match(self) -> bool:
        """Whether a harness was designed in this visit to match this design to."""
        return not self.is_default_type and product_types.DEFAULT_TYPE in self.others

    @rx.var
    def can_match_saved(self) -> bool:
        """Whether the user has saved harnesses to match this design to."""
        return not self.is_default_type and not self.read_only and len(self.saved_harnesses) > 0

    @rx.var
    def can_add_set(self) -> bool:
        """Whether this visit holds a design of each type a matching set takes (a harness, a collar, a leash)."""
        return set(rules()["matching_set"]["product_types"]) <= {*self.others, self.product_type}

    @rx.var
    def type_name(self) -> str:
        """What is being designed, in words ("collar")."""
        return next((t["name"] for t in self.types_offered if t["slug"] == self.product_type), "design").lower()

    @rx.var
    def palette_hex(self) -> dict[str, str]:
        """Colour slug → hex, for the 2D drawing."""
        return {c["slug"]: c["hex"] for c in self.palette}

    # ------------------------------------------------------------ loading

    @rx.event
    def load(self):
        """Open a saved design (``?design=``), a shared one (``?share=``), the unsaved draft, or a fresh one."""
        self.errors, self.share_url, self.read_only, self.shared_from = {}, "", False, ""
        self.link_problem = ""
        palette = current_palette()
        self.palette = [{"slug": c.slug, "name": c.name, "hex": c.hex, "uses": list(c.uses)} for c in palette.values()]
        query = self.router.url.query_parameters
        config: dict[str, Any] | None = None
        slug = product_types.DEFAULT_TYPE
        with session_scope() as session:
            user = self.acting_user(session)
            designs.record_opened(session, user, self.router.session.client_token)
            self.tags = active_tags(session, user)
            self.pets = [{"id": str(p.id), "name": p.name} for p in pets_of(session, user)]
            self.saved_harnesses = [
                {"id": str(d.id), "name": d.name}
                for d in (designs.designs_of_type(session, user, product_types.DEFAULT_TYPE) if user else [])
            ]
            try:
                if design_id := record_id(query.get("design")):
                    design = designs.get_design(session, user, design_id)
                    config, self.design_id, self.design_name = design.config, design.id, design.name
                    slug = design.product_type
                    self.pet_id = str(design.pet_id or "")
                    self._complete_set(session, user, design)
                elif query.get("share"):
                    design = designs.shared_design(session, query["share"])
                    # Someone else's licence tag never travels with a shared design.
                    private = {"licence_tag": ""} if "licence_tag" in design.config else {}
                    config, self.design_id, self.read_only = {**design.config, **private}, 0, True
                    self.design_name, self.shared_from, slug = design.name, design.name, design.product_type
            except DomainError as exc:
                # A made-up or withdrawn link: say so, and open the visitor's own draft instead.
                what = "shared design" if query.get("share") else "saved design"
                self.link_problem = f"That {what} link does not open a design ({exc}). Here is your own draft."
        if config is None:
            self.design_id = 0
            config, slug = self._restored_draft()
            if self.pet_id == "" and self.pets:
                self.pet_id = self.pets[0]["id"]
        if slug not in product_types.registry():
            slug, config = product_types.DEFAULT_TYPE, {}
        try:
            checked = product_types.validate(config, palette, slug)
        except ValidationFailed:
            checked = _default(slug)
        events = self._apply(checked)
        self._fit()
        return events

    def _complete_set(self, session, user, design) -> None:
        """Opening a saved design: the set's other parts not designed in this visit are the user's latest saved
        designs of those types for the same pet, so a set saved over several visits comes back together."""
        wanted = [
            t for t in rules()["matching_set"]["product_types"] if t != design.product_type and t not in self.others
        ]
        found = designs.latest_designs(session, user, wanted, pet_id=design.pet_id) if wanted else {}
        self.others = {**self.others, **{slug: dict(d.config) for slug, d in found.items()}}
        self.other_saved = {**self.other_saved, **{slug: {"id": d.id, "name": d.name} for slug, d in found.items()}}

    def _restored_draft(self) -> tuple[dict[str, Any], str]:
        """The unsaved design the browser kept, and its type. Local storage is the visitor's to change: anything
        that is not a draft the page wrote is ignored (the design is checked by ``validate`` after this)."""
        fresh = ({}, product_types.DEFAULT_TYPE)
        draft = self.draft
        if not isinstance(draft, str) or not draft or len(draft) > MAX_DRAFT_CHARS:
            return fresh
        try:
            data = parse_json(draft)
        except InvalidJson:
            return fresh
        if not (isinstance(data, dict) and isinstance(data.get("config"), dict)):
            return fresh
        slug = data.get("type")
        slug = slug if isinstance(slug, str) and slug in product_types.registry() else product_types.DEFAULT_TYPE
        others = data.get("others")
        if isinstance(others, dict):
            self.others = {k: v for k, v in others.items() if k in product_types.registry() and isinstance(v, dict)}
        saved = data.get("saved")
        if isinstance(saved, dict):
            self.other_saved = {
                k: {"id": design_id, "name": v["name"][:80]}
                for k, v in saved.items()
                if k in self.others and isinstance(v, dict) and isinstance(v.get("name"), str)
                for design_id in [record_id(v.get("id"))]
                if design_id
            }
        name = data.get("name")
        self.design_name = name.strip()[:80] if isinstance(name, str) and name.strip() else f"My {slug}"
        self.design_id = record_id(data.get("design_id")) or 0
        return data["config"], slug

    # ------------------------------------------------------------ changing options

    def _assign(self, **values: Any) -> None:
        """Set state vars, leaving unchanged ones alone so they stay out of the delta sent to the browser."""
        for name, value in values.items():
            if self.get_value(name) != value:
                setattr(self, name, value)

    def _apply(self, config: DesignConfig):
        palette = current_palette()
        kind = product_types.type_of(config)
        quote = product_types.quote(config)
        if self._panel_type != kind.slug:
            colours = [{"field": f, "label": kind.label(f), "use": use} for f, use in kind.colour_fields.items()]
            self._assign(product_type=kind.slug, controls=_controls(kind), colour_controls=colours)
            self._panel_type = kind.slug
        self._assign(config=config.model_dump(), lines=quote.lines, total=quote.total,
                     blocked=product_types.blocked_choices(config))  # fmt: skip
        self._set_view(config, palette)
        key = preview_key(config, palette)
        url = cached_url(key)
        self._preview_key = key
        if url:
            self._assign(preview_url=url, preview_state="ready")
            return None
        self.preview_state = "rendering"
        return BuilderState.render_preview

    def _set_view(self, current: DesignConfig, palette) -> None:
        """The set's parts as designed in this visit (the current design as it now is), once all are there."""
        wanted = rules()["matching_set"]["product_types"]
        if not set(wanted) <= {*self.others, self.product_type}:  # the usual case: no set yet, nothing to draw
            self._assign(set_view=[], set_total="")
            return
        designed = {**self.others, self.product_type: current.model_dump()}
        parts, cents = [], 0
        for slug in wanted:
            try:
                config = product_types.validate(designed[slug], palette, slug)
            except ValidationFailed:
                self._assign(set_view=[], set_total="")
                return
            quote = product_types.quote(config)
            cents += quote.total_cents
            parts.append({"type": slug, "title": product_types.type_of(config).title(config), "price": quote.total,
                          "url": cached_url(preview_key(config, palette)) or ""})  # fmt: skip
        off = cents * rules()["matching_set"]["discount_percent"] // 100
        currency = rules()["currency"]
        self._assign(set_view=parts, set_total=f"{format_money(cents - off, currency)} as a set "
                     f"({format_money(off, currency)} off {format_money(cents, currency)})")  # fmt: skip

    @rx.event
    def set_option(self, field: str, value: Any):
        """Change one option; a change the rules refuse is explained and not applied."""
        if self.read_only:
            return rx.toast.info("This is a shared design: use it as a starting point to change it.")
        kind = product_types.product_type(self.product_type)
        if not isinstance(field, str) or field not in kind.config.model_fields:
            self.errors = {"form": "That option does not exist; nothing was changed."}
            return None
        candidate = {**self.get_value("config"), field: value}
        if field == "id_patch" and not value:
            candidate["licence_tag"] = ""  # the tag is printed on the patch: it goes with it
        try:
            if field == "licence_tag":
                with session_scope() as session:
                    user = self.acting_user(session)
                    checked = design_rules.checked_design(session, user, candidate, current_palette(), kind.slug)
            else:
                checked = product_types.validate(candidate, current_palette(), kind.slug)
        except ValidationFailed as exc:
            self.errors = {field: exc.errors.get(field) or next(iter(exc.errors.values()))}
            return None
        self._assign(errors={})
        events = self._apply(checked)
        if field == "size" and self.pet_id:
            self._fit()
        return events

    @rx.event
    def choose_type(self, slug: str):
        """Design another product type; the design of the type left is kept for switching back."""
        if (
            self.read_only
            or not isinstance(slug, str)
            or slug == self.product_type
            or slug not in product_types.registry()
        ):
            return None
        self.others = {**self.others, self.product_type: dict(self.config)}
        saved = {k: v for k, v in self.other_saved.items() if k != self.product_type}
        if self.design_id:
            saved[self.product_type] = {"id": self.design_id, "name": self.design_name}
        try:
            config = product_types.validate(self.others.get(slug, {}), current_palette(), slug)
        except ValidationFailed:
            config = _default(slug)
        back = saved.get(slug, {}) if slug in self.others else {}
        self.other_saved, self.errors, self.share_url = saved, {}, ""
        self.design_id = back.get("id", 0)
        self.design_name = back.get("name") or f"My {product_types.product_type(slug).name.lower()}"
        events = self._apply(config)
        self._fit()
        return events

    @rx.event
    def match_harness(self, saved_id: str = ""):
        """Take the colours (and the text, where it fits) of the harness designed in this visit, or of one of the
        user's saved harnesses (``saved_id``)."""
        source = self.others.get(product_types.DEFAULT_TYPE)
        if saved_id:
            source = self._saved_harness(saved_id)
            if source is None:
                return rx.toast.error("Choose one of your saved harnesses.")
        if self.read_only or source is None or self.is_default_type:
            return rx.toast.info("Design a harness first, then match it.")
        palette = current_palette()
        try:
            harness = product_types.validate(source, palette, product_types.DEFAULT_TYPE)
            current = product_types.validate(self.config, palette, self.product_type)
            matched = product_types.validate(product_types.matching(current, harness, palette), palette)
        except ValidationFailed:
            return rx.toast.error("That harness cannot be matched; choose the colours here.")
        self.errors = {}
        return [e for e in (self._apply(matched), rx.toast.success("Matched to your harness.")) if e is not None]

    def _saved_harness(self, saved_id: Any) -> dict[str, Any] | None:
        """The configuration of one of the user's saved harnesses; ``None`` for anything else."""
        design_id = record_id(saved_id)
        if design_id is None:
            return None
        with session_scope() as session:
            try:
                design = designs.get_design(session, self.acting_user(session), design_id)
            except DomainError:
                return None
            return dict(design.config) if design.product_type == product_types.DEFAULT_TYPE else None

    @rx.event
    def set_text(self, value: str):
        """Personalised text, as typed."""
        return self.set_option("text", value)

    @rx.event
    def set_quantity(self, value: str):
        """Quantity, as typed."""
        try:
            quantity = int(value)
        except (TypeError, ValueError):
            self.errors = {"quantity": "Enter a whole number."}
            return None
        return self.set_option("quantity", quantity)

    # ------------------------------------------------------------ preview

    @rx.event(background=True)
    async def render_preview(self):
        """Render a new configuration on the worker; keep the viewer honest about it."""
        async with self:
            config, key, slug = dict(self.config), self._preview_key, self.product_type
        try:
            job = enqueue(render_preview_job, config, slug, result_ttl=600)
            result = await asyncio.to_thread(job.latest_result, timeout=RENDER_TIMEOUT_SECONDS)
            ok = result is not None and result.type == result.Type.SUCCESSFUL
            url = result.return_value if ok else ""
        except Exception:  # noqa: BLE001 - any failure shows the 2D fallback and a retry
            ok, url = False, ""
        async with self:
            if self._preview_key != key:
                return
            if ok:
                self.preview_url, self.preview_state = url, "ready"
            else:
                self.preview_state = "failed"

    @rx.event
    def retry_preview(self):
        """Try the render again."""
        self.preview_state = "rendering"
        return BuilderState.render_preview

    # ------------------------------------------------------------ fit

    @rx.event
    def choose_pet(self, pet_id: str):
        """Size the design for one of the user's pets (``""``: none)."""
        if pet_id and pet_id not in {pet["id"] for pet in self.pets}:
            return rx.toast.error("Choose one of your pets.")
        self.pet_id = pet_id
        self._fit()
        return None

    @rx.event
    def measure(self, form: dict):
        """Recommend options from a girth typed in (the chest, or a collar's neck; no pet profile needed)."""
        kind = product_types.product_type(self.product_type)
        value = str(form.get("girth_cm", "")).strip().replace(",", ".")
        try:
            girth = float(value)
        except ValueError:
            girth = 0
        if not 15 <= girth <= 150:
            self.errors = {"girth_cm": MEASURING[kind.measured]}
            return
        self.errors, self.pet_id = {}, ""
        found = kind.fit(**{f"{kind.measured}_cm": girth}, pet_name="Your dog")
        recommended = recommended_options(kind, found)
        self.recommendation, self.recommended, self.growth, self.growth_size = found.reason, recommended, "", ""
        self.recommended_size = str(recommended.get("size", ""))

    @rx.event
    def accept_growth(self):
        """Switch to the size the growth alert suggests."""
        if self.growth_size:
            return self.set_option("size", self.growth_size)
        return None

    def _fit(self) -> None:
        self.recommendation = self.recommended_size = self.growth = self.growth_size = ""
        self.recommended = {}
        pet_id = record_id(self.pet_id)
        if pet_id is None:
            return
        with session_scope() as session:
            fitting = fit_for_pet(session, self.acting_user(session), pet_id, str(self.config.get("size", "")),
                                  self.product_type)  # fmt: skip
        if fitting is None:
            self.pet_id = ""
            return
        self.recommendation, self.recommended_size = fitting.recommendation, fitting.recommended_size
        self.growth, self.growth_size, self.recommended = fitting.growth, fitting.growth_size, fitting.recommended

    @rx.var
    def measure_hint(self) -> str:
        """What to measure to size this type without a pet profile."""
        return f"Or type a {product_types.product_type(self.product_type).measured} girth in cm"

    @rx.var
    def recommendation_action(self) -> str:
        """The words of the button that takes the recommendation ("Use size L")."""
        if set(self.recommended) == {"size"}:
            return f"Use size {self.recommended['size']}"
        return "Use these options" if self.recommended else ""

    @rx.event
    def accept_recommendation(self):
        """Use the recommended options (checked by the rules like any other change)."""
        if not self.recommended or self.read_only:
            return None
        candidate = {**self.get_value("config"), **self.get_value("recommended")}
        try:
            checked = product_types.validate(candidate, current_palette(), self.product_type)
        except ValidationFailed as exc:
            self.errors = dict(exc.errors)
            return None
        self._assign(errors={})
        events = self._apply(checked)
        self._fit()
        return events

    # ------------------------------------------------------------ saving, sharing, cart

    @rx.event
    @shows_refusals("errors")
    def save(self, form: dict):
        """Save the design (as a draft or ready to order), linked to the chosen pet."""
        self.errors = {}
        name = str(form.get("design_name", self.design_name))
        with session_scope() as session:
            design = design_rules.save_design(
                session,
                self.acting_user(session),
                config=self.config,
                palette=current_palette(),
                name=name,
                status=str(form.get("status", "DRAFT")),
                pet_id=record_id(self.pet_id),
                design_id=self.design_id or None,
                product_type=self.product_type,
            )
            self.design_id, self.design_name = design.id, design.name
        enqueue(render_design_picture, dict(self.config), self.design_name, self.product_type)
        return [
            rx.toast.success(f"Saved “{self.design_name}”."),
            rx.redirect(f"/builder?design={self.design_id}", replace=True),
        ]

    @rx.event
    @shows_refusals()
    def share(self):
        """Make (or show) the design's share link."""
        if not self.design_id:
            return rx.toast.info("Save the design first, then share it.")
        with session_scope() as session:
            token = designs.share_design(session, self.acting_user(session), self.design_id)
        self.share_url = f"{settings.MAIN_URL}/builder?share={token}"
        return None

    @rx.event
    def use_shared(self):
        """Start your own design from the shared one."""
        self.read_only, self.design_id, self.shared_from = False, 0, ""
        self.design_name = f"{self.design_name} (from a friend)"[:80]
        follow_up = self._apply(product_types.validate(self.config, current_palette(), self.product_type))
        return [e for e in (follow_up, rx.redirect("/builder", replace=True)) if e is not None]

    @rx.event
    def start_over(self):
        """A fresh design."""
        self.design_id, self.design_name, self.errors, self.share_url = 0, f"My {self.type_name}", {}, ""
        follow_up = self._apply(_default(self.product_type))
        return [e for e in (follow_up, rx.redirect("/builder", replace=True)) if e is not None]

    @rx.event
    @shows_refusals()
    def add_set_to_cart(self):
        """Put the harness, collar and leash designed in this visit in the cart as a matching set."""
        if not self.can_add_set:
            return rx.toast.info("Design a harness, a collar and a leash first.")
        wanted = rules()["matching_set"]["product_types"]
        configs = {slug: dict(self.config) if slug == self.product_type else self.others[slug] for slug in wanted}
        saved = {slug: int(v["id"]) for slug, v in self.other_saved.items()}
        if self.design_id:
            saved[self.product_type] = self.design_id
        with session_scope() as session:
            user = self.acting_user(session)
            lines = design_rules.add_set_to_cart(session, user, self._cart(session), configs=configs,
                                                 palette=current_palette(), name=self.design_name,
                                                 design_ids=saved if user is not None else None)  # fmt: skip
            self._count(session)
            price = format_money(sum(line.unit_cents * line.quantity for line in lines), lines[0].currency)
        for slug, config in configs.items():
            enqueue(render_design_picture, config, self.design_name, slug)
        return self._added("a matching set: harness, collar and leash", price)

    @rx.event
    @shows_refusals()
    def add_to_cart(self):
        """Put the design on screen in the cart (a guest's too), checked and priced by the server."""
        with session_scope() as session:
            user = self.acting_user(session)
            line = design_rules.add_configuration_to_cart(
                session,
                user,
                self._cart(session),
                config=self.config,
                palette=current_palette(),
                name=self.design_name,
                design_id=(self.design_id or None) if user is not None else None,
                product_type=self.product_type,
            )
            self._count(session)
            noun = f"custom {self.type_name}"
            what = f"{plural(line.quantity, noun, noun + ('es' if noun.endswith(('s', 'sh')) else 's'))}"
            what += f" “{self.design_name}”"
            price = format_money(line.unit_cents * line.quantity, line.currency)
        enqueue(render_design_picture, dict(self.config), self.design_name, self.product_type)
        return self._added(what, price)
