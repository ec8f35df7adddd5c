"""Every registered product type, by the registry alone: any valid design prices to the sum of its breakdown, any
invalid one is refused with the field named, its default design is valid, and its 3D model has named parts. Then
the collar's and the leash's own rules, fit and "match my harness"."""

import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from allpetplus.builder import types
from allpetplus.builder.config import HarnessConfig
from allpetplus.builder.preview import build_scene, preview_key
from allpetplus.core.errors import ValidationFailed
from tests.unit.test_builder_rules import PALETTE

TYPES = list(types.registry())


def test_the_shipped_types_are_registered_harness_first():
    assert TYPES[0] == "harness" and {"collar", "leash"} <= set(TYPES)
    with pytest.raises(ValidationFailed) as caught:
        types.product_type("cape")
    assert all(name in caught.value.errors["type"] for name in ("harness, ", "collar", "leash"))
    with pytest.raises(ValidationFailed):
        types.validate({}, PALETTE, ["harness"])  # a crafted type name that is not a string


def designs(slug: str) -> st.SearchStrategy[dict]:
    """Designs of one type: each choice from what the builder offers (or a value it does not), each colour from
    the palette (or not), free text and quantities, some of them out of range."""
    kind = types.product_type(slug)
    fields: dict[str, st.SearchStrategy] = {
        name: st.sampled_from([*values, "nonsense"]) for name, values in kind.choices.items()
    }
    fields.update({name: st.sampled_from([*PALETTE, "plaid"]) for name in kind.colour_fields})
    fields["text"] = st.text(alphabet=string.ascii_letters + " .'&!-<>", max_size=22)
    fields["quantity"] = st.integers(min_value=-1, max_value=12)
    if "licence_tag" in kind.config.model_fields:
        fields["licence_tag"] = st.sampled_from(["", "SPR-2026-004217", "not-a-tag"])
    return st.fixed_dictionaries({}, optional=fields)


@pytest.mark.parametrize("slug", TYPES)
def test_the_default_design_of_each_type_is_valid_priced_and_drawn(slug):
    config = types.validate({}, PALETTE, slug)
    quote = types.quote(config)
    assert quote.total_cents > 0 and quote.lines[0].code == "base"
    scene = build_scene(config, PALETTE)
    assert scene.geometry and all(name for name in scene.geometry)
    assert len(preview_key(config, PALETTE)) == 24


@pytest.mark.parametrize("slug", TYPES)
def test_any_design_of_any_type_is_priced_to_its_breakdown_or_refused_naming_the_field(slug):
    kind = types.product_type(slug)

    @settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
    @given(designs(slug))
    def check(data):
        try:
            config = types.validate(data, PALETTE, slug)
        except ValidationFailed as refused:
            assert refused.errors and set(refused.errors) <= set(kind.config.model_fields)
            assert all(isinstance(words, str) and words for words in refused.errors.values())
            return
        quote = types.quote(config)
        assert quote.total_cents == sum(line.amount_cents for line in quote.lines) == quote.unit_cents * config.quantity
        assert all(isinstance(line.amount_cents, int) and line.amount_cents >= 0 for line in quote.lines)
        assert types.rule_errors(config) == {}

    check()


def test_unknown_options_and_client_prices_are_refused_for_every_type():
    for slug in TYPES:
        with pytest.raises(ValidationFailed) as caught:
            types.validate({"price_cents": 1}, PALETTE, slug)
        assert caught.value.errors == {"price_cents": "This option does not exist."}


@pytest.mark.parametrize(
    ("slug", "changes", "field", "words"),
    [
        ("collar", {"buckle": "breakaway", "size": "L"}, "buckle", "sizes XS and S"),
        ("collar", {"width_mm": 25, "size": "XS"}, "width_mm", "15 or 20 mm"),
        ("collar", {"licence_tag": "SPR-2026-004217"}, "licence_tag", "add the name plate"),
        ("collar", {"name_plate": True, "text": "Sir Biscuit III"}, "text", "up to 12 characters"),
        ("collar", {"band_colour": "white"}, "band_colour", "not offered for the webbing"),
        ("leash", {"length": "10", "handle": "traffic"}, "handle", "snag"),
        ("leash", {"length": "10", "width_mm": 25}, "width_mm", "too heavy"),
        ("leash", {"length": "1.2", "text": "Biscuit the Brave"}, "text", "up to 14 characters"),
        ("leash", {"length": "2"}, "length", "10 m training line"),
    ],
)
def test_each_types_rules_are_explained_beside_the_option(slug, changes, field, words):
    with pytest.raises(ValidationFailed) as caught:
        types.validate(changes, PALETTE, slug)
    assert words in caught.value.errors[field]


def test_the_builder_greys_out_what_would_break_a_collar_or_a_leash():
    assert "sizes XS and S" in types.blocked_choices(types.validate({}, PALETTE, "collar"))["buckle:breakaway"]
    breakaway = types.validate({"buckle": "breakaway", "size": "S"}, PALETTE, "collar")
    assert {"size:M", "size:L", "size:XL"} <= set(types.blocked_choices(breakaway))
    line = types.validate({"length": "10"}, PALETTE, "leash")
    assert set(types.blocked_choices(line)) == {"handle:traffic", "width_mm:25"}


def test_collar_and_leash_prices_line_by_line():
    collar = types.validate({"size": "L", "width_mm": 25, "buckle": "metal", "reflective_stitching": True,
                             "name_plate": True, "text": "Biscuit", "licence_tag": "SPR-2026-004217", "quantity": 2},
                            PALETTE, "collar")  # fmt: skip
    assert [(line.code, line.amount_cents) for line in types.quote(collar).lines] == [
        ("base", 2 * 2200), ("width", 2 * 200), ("buckle", 2 * 600), ("reflective_stitching", 2 * 300),
        ("name_plate", 2 * 900), ("licence_tag", 0),
    ]  # fmt: skip
    assert types.quote(collar).lines[0].label == "Collar, 25 mm, size L × 2"
    leash = types.validate({"length": "3", "handle": "traffic", "clip": "locking-carabiner", "text": "Rex & Co"},
                           PALETTE, "leash")  # fmt: skip
    assert [(line.code, line.amount_cents) for line in types.quote(leash).lines] == [
        ("base", 3200), ("handle", 600), ("clip", 500), ("text", 6 * 100),
    ]  # fmt: skip
    assert types.quote(leash).total == "$49.00"


def test_fit_from_the_pets_measurements():
    collar = types.product_type("collar")
    assert collar.fit(neck_cm=40).size == "M" and "36–46 cm" in collar.fit(neck_cm=40).reason
    assert collar.fit(neck_cm=18).size == "XS" and collar.fit(neck_cm=80).size == "XL"
    assert "estimated from the chest" in collar.fit(chest_cm=58).reason
    leash = types.product_type("leash")
    training = leash.fit(chest_cm=70, use="training")
    assert training.size == "L" and training.options == {"length": "10", "width_mm": 20, "handle": "padded"}
    assert types.validate(training.options, PALETTE, "leash")  # a recommendation is always a valid design
    assert leash.fit(chest_cm=35, use="city").options["handle"] == "traffic"
    assert leash.fit(use="anything").options["length"] == "1.8"


def test_match_my_harness_copies_the_colours_and_the_text_where_it_fits():
    harness = HarnessConfig(webbing_colour="berry", padding_colour="sand", thread_colour="gold", text="Biscuit")
    collar = types.matching(types.validate({}, PALETTE, "collar"), harness, PALETTE)
    assert (collar.band_colour, collar.thread_colour, collar.text) == ("berry", "gold", "Biscuit")
    leash = types.matching(types.validate({}, PALETTE, "leash"), harness, PALETTE)
    assert (leash.webbing_colour, leash.padding_colour, leash.thread_colour) == ("berry", "sand", "gold")
    long_name = harness.model_copy(update={"text": "BISCUIT BARKS"})
    plate = types.validate({"name_plate": True}, PALETTE, "collar")
    assert types.matching(plate, long_name, PALETTE).text == ""  # 13 letters do not fit a 12-letter plate
    assert types.validate(types.matching(plate, long_name, PALETTE), PALETTE)
