"""The licence fee function against a table written from the jurisdictions' rules (data/jurisdictions.json):

Springfield: dog 1 yr $20 altered / $60 unaltered, 3 yr $50 / $150; cat 1 yr $10 / $30, 3 yr $25 / $75;
owners 65+ get 50% off the licence fee; service animals pay no licence fee; a renewal more than 30 days
after expiry adds a $25 late fee (service animals too). Riverton: dogs only, 1 yr $15 / $45,
3 yr $40 / $120; owners 62+ get 25% off; late fee $10 after 60 days.
"""

import pytest

from allpetplus.core.errors import ValidationFailed
from allpetplus.licence.rules import licence_fee

CASES = [
    # jurisdiction, species, altered, term, owner age, service, days late → total, lines
    ("springfield", "dog", True, 1, 40, False, None, 2000, 1),
    ("springfield", "dog", False, 1, 40, False, None, 6000, 1),
    ("springfield", "dog", True, 3, None, False, None, 5000, 1),
    ("springfield", "dog", False, 3, 64, False, None, 15000, 1),
    ("springfield", "dog", False, 3, 65, False, None, 7500, 2),
    ("springfield", "cat", True, 1, 80, False, None, 500, 2),
    ("springfield", "cat", False, 3, 30, False, None, 7500, 1),
    ("springfield", "dog", False, 1, 70, True, None, 0, 2),
    ("springfield", "dog", True, 1, 40, False, 30, 2000, 1),
    ("springfield", "dog", True, 1, 40, False, 31, 4500, 2),
    ("springfield", "dog", False, 1, 70, False, 45, 5500, 3),
    ("springfield", "dog", True, 1, 40, True, 90, 2500, 3),
    ("riverton", "dog", True, 1, 40, False, None, 1500, 1),
    ("riverton", "dog", False, 3, 62, False, None, 9000, 2),
    ("riverton", "dog", False, 1, 61, False, 60, 4500, 1),
    ("riverton", "dog", False, 1, 61, False, 61, 5500, 2),
]


@pytest.mark.parametrize(("code", "species", "altered", "term", "age", "service", "late", "total", "lines"), CASES)
def test_fee_table(code, species, altered, term, age, service, late, total, lines):
    fee = licence_fee(code, species=species, altered=altered, term_years=term, owner_age=age,
                      service_animal=service, days_since_previous_expiry=late)  # fmt: skip
    assert fee.total_cents == total
    assert len(fee.lines) == lines
    assert sum(line.cents for line in fee.lines) == fee.total_cents  # the breakdown adds up to what is charged


def test_the_breakdown_says_why():
    fee = licence_fee("springfield", species="dog", altered=False, term_years=1, owner_age=70,
                      days_since_previous_expiry=40)  # fmt: skip
    assert [(line.label, line.amount) for line in fee.lines] == [
        ("Licence fee: unaltered dog, 1 year", "$60.00"),
        ("Senior owner discount (50%)", "-$30.00"),
        ("Late fee (renewed more than 30 days after expiry)", "$25.00"),
    ]
    assert fee.total == "$55.00"


@pytest.mark.parametrize(
    ("code", "species", "term", "field"),
    [
        ("riverton", "cat", 1, "species"),
        ("springfield", "dog", 2, "term_years"),
        ("atlantis", "dog", 1, "jurisdiction"),
    ],
)
def test_what_the_rules_do_not_allow_is_refused_by_name(code, species, term, field):
    with pytest.raises(ValidationFailed) as caught:
        licence_fee(code, species=species, altered=True, term_years=term)
    assert field in caught.value.errors
