from odoo.tests import BaseCase, tagged

from ..tools.eligibility import DealerProfile, Scope, is_eligible, mismatch


@tagged("at_install", "dealer_base")
class TestEligibilityRule(BaseCase):
    """The rule on plain data (the models' forms are tested by each model, see eligibility.py)."""

    dealer = DealerProfile(partner_id=7, tier_id=1, type_id=2, level_id=3, sales_mode_id=4,
                           region_ids=frozenset({10, 11}))

    def test_empty_scope_admits_every_dealer_and_no_customer(self):
        self.assertEqual(mismatch(Scope(), self.dealer), "")
        self.assertEqual(mismatch(Scope(), DealerProfile(partner_id=8, is_dealer=False)), "not_dealer")

    def test_each_dimension_restricts(self):
        cases = {
            "tier": Scope(tier_ids=frozenset({9})),
            "type": Scope(type_ids=frozenset({9})),
            "level": Scope(level_ids=frozenset({9})),
            "sales_mode": Scope(sales_mode_ids=frozenset({9})),
            "region": Scope(region_ids=frozenset({12})),
            "partner": Scope(partner_ids=frozenset({8})),
        }
        for code, scope in cases.items():
            with self.subTest(code=code):
                self.assertEqual(mismatch(scope, self.dealer), code)
        self.assertTrue(is_eligible(Scope(tier_ids=frozenset({1, 9}), region_ids=frozenset({11})), self.dealer))

    def test_listed_dealers_narrow_never_widen(self):
        scope = Scope(partner_ids=frozenset({7}), tier_ids=frozenset({9}))
        self.assertEqual(mismatch(scope, self.dealer), "tier", "a listed dealer must meet the other dimensions too")
        self.assertTrue(is_eligible(Scope(partner_ids=frozenset({7}), tier_ids=frozenset({1})), self.dealer))

    def test_a_dealer_without_province_is_outside_every_region(self):
        self.assertEqual(mismatch(Scope(region_ids=frozenset({10})), DealerProfile(partner_id=7)), "region")
        self.assertEqual(mismatch(Scope(tier_ids=frozenset({1})), DealerProfile(partner_id=7)), "tier",
                         "an unset tier is not any tier")
