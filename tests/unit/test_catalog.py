"""The storefront's catalog rules, on the shipped seed data."""

import json

from sqlmodel import select

from allpetplus.catalog import service
from allpetplus.catalog.models import Product, ProductVariant
from allpetplus.seed import DATA_DIR

SEED = json.loads((DATA_DIR / "catalog.json").read_text())


def test_every_seeded_product_is_listed(seeded):
    cards = service.list_products(seeded)
    assert sorted(c.handle for c in cards) == sorted(p["handle"] for p in SEED["products"])


def test_category_filter(seeded):
    cards = service.list_products(seeded, category="harnesses")
    assert cards and {c.category_slug for c in cards} == {"harnesses"}
    assert service.list_products(seeded, category="no-such-shelf") == []


def test_species_filter_keeps_products_for_all_species(seeded):
    cat_cards = service.list_products(seeded, species="cat")
    species = {c.species for c in cat_cards}
    assert species <= {"cat", "all"} and "cat" in species and "all" in species


def test_text_search(seeded):
    titles = [c.title for c in service.list_products(seeded, query="leash")]
    assert "Classic 6 ft Leash" in titles and "Hands-Free Running Leash" in titles
    assert all("leash" in (t.lower()) for t in titles)


def test_price_range_and_availability_come_from_variants(seeded):
    card = next(c for c in service.list_products(seeded) if c.handle == "trail-step-in-harness")
    assert card.price == "$34.00 – $46.00"
    assert card.min_price_cents == 3400
    sold_out = next(c for c in service.list_products(seeded) if c.handle == "long-line-training-lead")
    assert not sold_out.in_stock


def test_product_detail_lists_sizes_in_size_order(seeded):
    detail = service.get_product(seeded, "trail-step-in-harness")
    assert detail.sizes == ["XS", "S", "M", "L", "XL"]
    assert len(detail.variants) == 5 * 4
    assert {v.price for v in detail.variants if v.size == "M"} == {"$39.00"}


def test_unknown_or_retired_handle_is_not_found(seeded):
    assert service.get_product(seeded, "no-such-product") is None
    product = seeded.exec(select(Product).where(Product.handle == "rope-tug-toy")).one()
    product.is_active = False
    seeded.add(product)
    seeded.commit()
    assert service.get_product(seeded, "rope-tug-toy") is None
    assert "rope-tug-toy" not in {c.handle for c in service.list_products(seeded)}


def test_stock_change_shows_as_sold_out(seeded):
    for variant in seeded.exec(select(ProductVariant).where(ProductVariant.sku.startswith("FWT-"))):
        variant.stock = 0
        seeded.add(variant)
    seeded.commit()
    detail = service.get_product(seeded, "feather-wand-cat-toy")
    assert not detail.in_stock and all(not v.in_stock for v in detail.variants)


def test_filters_by_size_colour_price_and_sorts(seeded):
    xl = service.list_products(seeded, size="XL")
    assert {c.category_slug for c in xl} >= {"harnesses"} and "padded-vest-harness" not in {c.handle for c in xl}
    berry = service.list_products(seeded, colour="Berry")
    assert berry and all("#b4306b" in c.colours for c in berry)
    cheap = service.list_products(seeded, max_price_cents=1500)
    assert cheap and all(c.min_price_cents <= 1500 for c in cheap)
    prices = [c.min_price_cents for c in service.list_products(seeded, sort="price_asc")]
    assert prices == sorted(prices)
    options = service.filter_options(seeded)
    assert options["sizes"][:3] == ["XS", "S", "M"] and "Ocean Blue" in options["colours"]


def test_a_page_of_the_catalogue_comes_from_the_database_with_the_total(seeded):
    everything = service.list_products(seeded, sort="name")
    first = service.find_products(seeded, sort="name", per_page=5)
    assert (first.total, first.pages, first.page) == (len(everything), -(-len(everything) // 5), 1)
    pages = [service.find_products(seeded, sort="name", per_page=5, page=n).cards for n in range(1, first.pages + 1)]
    assert [c.handle for page in pages for c in page] == [c.handle for c in everything]  # no gap, no repeat
    past_the_end = service.find_products(seeded, sort="name", per_page=5, page=10_000)
    assert past_the_end.page == first.pages and past_the_end.cards == pages[-1]
    assert service.find_products(seeded, page=-3).page == 1
    counts = service.category_counts(seeded)
    assert sum(counts.values()) == len(everything) and counts["harnesses"] >= 1


def test_search_uses_the_text_index_with_stems_prefixes_and_every_word(seeded):
    leashes = service.list_products(seeded, query="Leashes")
    assert leashes and leashes == service.list_products(seeded, query="leash")
    harn = {c.handle for c in service.list_products(seeded, query="harn")}
    assert "trail-step-in-harness" in harn and all("harness" in h for h in harn)
    assert service.list_products(seeded, query="trail harness") and not service.list_products(
        seeded, query="trail zebra"
    )
    everything = service.list_products(seeded)
    assert service.list_products(seeded, query="'\" * -- () :") == everything  # no words: no search
    product = seeded.exec(select(Product).where(Product.handle == "trail-step-in-harness")).one()
    product.title = "Mountain step-in harness"
    seeded.add(product)
    seeded.commit()
    assert "trail-step-in-harness" in {c.handle for c in service.list_products(seeded, query="mountain")}
    assert "trail-step-in-harness" not in {c.handle for c in service.list_products(seeded, query="trail")}


def test_featured_products_are_in_stock_one_per_category(seeded):
    featured = service.featured_products(seeded)
    assert len(featured) == 4 and all(c.in_stock for c in featured)
    assert len({c.category_slug for c in featured}) == 4


def test_counting_stops_at_the_cap_and_says_there_are_more(seeded, monkeypatch):
    monkeypatch.setattr(service, "COUNT_CAP", 5)
    found = service.find_products(seeded, per_page=4, page=2)
    assert (found.total, found.more, found.pages, len(found.cards)) == (5, True, 2, 4)
    assert service.find_products(seeded, category="harnesses").more is False


def test_price_sorts_are_by_the_matching_prices_on_every_page_walked_or_grouped(seeded, monkeypatch):
    shelf = seeded.exec(select(Product).where(Product.handle == "rope-tug-toy")).one().category_id
    for n in range(30):  # overlapping price ranges, sizes and colours, and ties
        product = Product(handle=f"sorted-{n}", title=f"Sorted toy {n}", category_id=shelf)
        seeded.add(product)
        seeded.flush()
        for v, (size, colour) in enumerate([("S", "Ocean"), ("M", "Berry"), ("L", "Ocean")][: 1 + n % 3]):
            price = 1000 + (n * 7919 + v * 4513) % 3000
            seeded.add(ProductVariant(product_id=product.id, sku=f"SRT-{n}-{v}", title=f"{size} / {colour}",
                                      size=size, colour=colour, price_cents=price, stock=1))  # fmt: skip
    seeded.add(Product(handle="sorted-unsold", title="Sorted toy, nothing to sell yet", category_id=shelf))
    seeded.commit()
    variants = seeded.exec(select(ProductVariant)).all()
    for filters in ({}, {"category": "toys"}, {"size": "M"}, {"colour": "ocean", "max_price_cents": 2500}):
        matches = service.Filters(**filters)
        for sort in ("price_asc", "price_desc"):
            products = {c.handle: c for c in service.list_products(seeded, **filters, sort="name")}
            ids = {p.handle: p.id for p in seeded.exec(select(Product).where(Product.handle.in_(products)))}
            prices = {h: [v.price_cents for v in variants if v.product_id == ids[h] and matches.fits(v)] for h in ids}
            pick, sign = (max, -1) if sort == "price_desc" else (min, 1)  # ties by id in the sort's direction
            expected = sorted(ids, key=lambda h: (not prices[h], sign * pick(prices[h] or [0]), sign * ids[h]))
            for walk, step in ((96, 100), (96, 3), (0, 100)):  # walked in one step, in many steps, then grouped
                monkeypatch.setattr(service, "PRICE_WALK_PRODUCTS", walk)
                monkeypatch.setattr(service, "PRICE_WALK_STEP", step)
                first = service.find_products(seeded, **filters, sort=sort, per_page=7)
                pages = [service.find_products(seeded, **filters, sort=sort, per_page=7, page=n).cards
                         for n in range(1, first.pages + 1)]  # fmt: skip
                assert [c.handle for page in pages for c in page] == expected, (filters, sort, walk, step)
    assert service.list_products(seeded, sort="price_asc")[-1].handle == "sorted-unsold"


def test_the_shops_own_order_is_shelf_by_shelf_each_by_name_on_every_page(seeded):
    shelves = [category.slug for category in service.list_categories(seeded)]
    everything = service.list_products(seeded)
    assert everything == sorted(everything, key=lambda card: (shelves.index(card.category_slug), card.title))
    first = service.find_products(seeded, per_page=4)
    pages = [service.find_products(seeded, per_page=4, page=n).cards for n in range(1, first.pages + 1)]
    assert [card.handle for page in pages for card in page] == [card.handle for card in everything]
