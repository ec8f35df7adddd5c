"""The harness builder's rules: one schema, combination rules, availability, pricing, fit."""

import json
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from allpetplus.builder import fit
from allpetplus.builder.config import SIZES, Colour, HarnessConfig, availability, options, validate_config
from allpetplus.builder.pricing import quote_harness
from allpetplus.core.errors import ValidationFailed
from allpetplus.seed import DATA_DIR

PALETTE = {
    c["slug"]: Colour(c["slug"], c["name"], c["hex"], tuple(c["uses"]))
    for c in json.loads((DATA_DIR / "catalog.json").read_text())["palette"]
}


def colours_for(use: str) -> list[str]:
    return [slug for slug, c in PALETTE.items() if use in c.uses]


def test_the_default_design_is_valid_and_priced():
    config = validate_config({}, PALETTE)
    quote = quote_harness(config)
    assert quote.total_cents == options()["base_price_cents"]["step-in"]["M"]
    assert [line.code for line in quote.lines] == ["base"]


def test_every_bad_field_is_named_and_unknown_keys_are_refused():
    with pytest.raises(ValidationFailed) as caught:
        validate_config(
            {"style": "cape", "size": "XXL", "webbing_colour": "plaid", "thread_colour": "sand", "quantity": -1},
            PALETTE,
        )
    assert set(caught.value.errors) == {"style", "size", "webbing_colour", "thread_colour", "quantity"}
    with pytest.raises(ValidationFailed) as caught:
        validate_config({"price_cents": 1}, PALETTE)
    assert caught.value.errors == {"price_cents": "This option does not exist."}


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"style": "vest", "size": "XS", "front_d_ring": True}, "front_d_ring", "XS vest"),
        ({"style": "step-in", "text": "A" * 13}, "text", "up to 12 characters"),
        ({"grab_handle": True, "back_d_ring": False}, "grab_handle", "back D-ring"),
        ({"size": "XS", "hardware": "brass"}, "hardware", "too heavy"),
        ({"style": "vest", "id_patch": True, "text": "ABCDEFGHIJKLM"}, "text", "ID patch"),
        ({"text": "Rex <script>"}, "text", "letters, digits"),
        ({"text": " Rex"}, "text", "extra spaces"),
    ],
)
def test_forbidden_combinations_are_explained_beside_the_option(changes, field, words):
    with pytest.raises(ValidationFailed) as caught:
        validate_config(changes, PALETTE)
    assert words in caught.value.errors[field]


def test_options_that_would_break_the_design_are_marked_unavailable():
    vest_xs = HarnessConfig(style="vest", size="XS")
    assert "front D-ring" in availability(vest_xs, "front_d_ring", [True, False])["True"]
    assert availability(vest_xs, "hardware", ["plastic", "aluminium", "brass"]).keys() == {"brass"}
    with_ring = HarnessConfig(style="vest", size="S", front_d_ring=True)
    assert "XS" in availability(with_ring, "size", list(SIZES))
    assert availability(HarnessConfig(), "size", list(SIZES)) == {}


def test_price_breakdown_lines_and_quantity():
    config = validate_config(
        {
            "style": "overhead",
            "size": "L",
            "hardware": "brass",
            "reflective_trim": True,
            "front_d_ring": True,
            "grab_handle": True,
            "text": "REX & CO",
            "font": "script",
            "id_patch": True,
            "quantity": 2,
        },
        PALETTE,
    )
    quote = quote_harness(config)
    assert [(line.code, line.amount_cents) for line in quote.lines] == [
        ("base", 2 * 4900),
        ("hardware", 2 * 1200),
        ("reflective_trim", 2 * 400),
        ("front_d_ring", 2 * 300),
        ("grab_handle", 2 * 500),
        ("text", 2 * 6 * 150),
        ("font", 2 * 200),
        ("id_patch", 2 * 700),
    ]
    assert quote.lines[5].label == "Personalised text, 6 characters × 2"
    assert quote.total_cents == sum(line.amount_cents for line in quote.lines) == 2 * quote.unit_cents
    assert quote.total == "$182.00"


configs = st.builds(
    HarnessConfig,
    style=st.sampled_from(list(options()["styles"])),
    size=st.sampled_from(SIZES),
    webbing_colour=st.sampled_from(colours_for("webbing")),
    padding_colour=st.sampled_from(colours_for("padding")),
    trim_colour=st.sampled_from(colours_for("trim")),
    thread_colour=st.sampled_from(colours_for("thread")),
    hardware=st.sampled_from(list(options()["hardware"])),
    reflective_trim=st.booleans(),
    front_d_ring=st.booleans(),
    back_d_ring=st.booleans(),
    grab_handle=st.booleans(),
    text=st.from_regex(r"[A-Za-z0-9]{0,4}( [A-Za-z0-9.'&!-]{1,5}){0,3}", fullmatch=True),
    font=st.sampled_from(list(options()["fonts"])),
    id_patch=st.booleans(),
    quantity=st.integers(min_value=1, max_value=options()["max_quantity"]),
)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(configs)
def test_every_valid_configuration_prices_to_the_sum_of_its_breakdown(config):
    try:
        valid = validate_config(config, PALETTE)
    except ValidationFailed:
        return
    quote = quote_harness(valid)
    assert quote.total_cents > 0
    assert quote.total_cents == sum(line.amount_cents for line in quote.lines)
    assert quote.total_cents == quote.unit_cents * valid.quantity


@settings(max_examples=400)
@given(
    configs,
    st.sampled_from(
        [
            {"size": "XXS"},
            {"style": "cape"},
            {"hardware": "gold"},
            {"font": "comic"},
            {"quantity": 0},
            {"quantity": 11},
            {"webbing_colour": "white"},
            {"thread_colour": "sand"},
            {"text": "Rex\u202e"},
            {"text": "x" * 19},
        ]
    ),
)
def test_the_schema_rejects_every_invalid_configuration(config, breakage):
    broken = config.model_copy(update=breakage)
    with pytest.raises(ValidationFailed) as caught:
        validate_config(broken, PALETTE)
    assert caught.value.errors


@pytest.mark.parametrize(
    ("chest", "size", "basis_words"),
    [(35, "XS", "fits XS"), (58, "M", "fits M"), (64, "L", "top of M"), (120, "XL", "fits XL")],
)
def test_size_from_chest(chest, size, basis_words):
    rec = fit.recommend_size(chest_cm=chest, pet_name="Rex")
    assert rec.size == size and rec.basis == "chest" and basis_words in rec.reason


def test_size_falls_back_to_breed_then_weight():
    by_breed = fit.recommend_size(breed_name="French Bulldog", breed_chest_cm=(48, 62))
    assert by_breed.size == "M" and by_breed.basis == "breed" and "French Bulldog" in by_breed.reason
    by_weight = fit.recommend_size(weight_kg=8, pet_name="Pip")
    assert by_weight.size == "S" and by_weight.basis == "weight"
    assert fit.recommend_size().basis == "default"


def test_growth_alerts():
    today = date(2026, 11, 26)
    outgrown = fit.growth_alert("S", chest_cm=53, weights=[], pet_name="Pepper", today=today)
    assert outgrown.next_size == "M" and "past size S" in outgrown.message
    fast = [(today - timedelta(days=60), 6000), (today - timedelta(days=30), 8500), (today, 10_300)]
    growing = fit.growth_alert("S", chest_cm=44, weights=fast, pet_name="Pepper", today=today)
    assert growing.next_size == "M" and "growing fast" in growing.message
    steady = [(today - timedelta(days=60), 9000), (today, 9100)]
    assert fit.growth_alert("S", chest_cm=44, weights=steady, pet_name="Pepper", today=today) is None
