from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import DealerCatalogCommon


@tagged("post_install", "-at_install")
class TestPricelistRule(DealerCatalogCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Rule = cls.env["dealer.pricelist.rule"]
        cls.rule_default = Rule.create({"pricelist_id": cls.pl_outlet.id})
        cls.rule_ka_store = Rule.create({"type_id": cls.type_ka_store.id, "pricelist_id": cls.pl_ka.id})
        cls.rule_wholesale = Rule.create({"type_id": cls.type_wholesale.id, "pricelist_id": cls.pl_wholesale.id})

    def _pricelist(self, partner):
        partner.invalidate_recordset(["property_product_pricelist", "specific_property_product_pricelist"])
        return partner.property_product_pricelist

    def test_most_specific_rule_wins(self):
        self.assertEqual(self._pricelist(self.store), self.pl_outlet)
        self.assertEqual(self._pricelist(self.ka_store), self.pl_ka)
        self.assertEqual(self._pricelist(self.wholesale_store), self.pl_wholesale)
        pl_direct_wholesale = self.pl_outlet.copy({"name": "Test Direct Wholesale"})
        self.env["dealer.pricelist.rule"].create({
            "type_id": self.type_wholesale.id, "sales_mode_id": self.mode_direct.id,
            "pricelist_id": pl_direct_wholesale.id,
        })
        self.assertEqual(self._pricelist(self.wholesale_store), pl_direct_wholesale, "2 dimensions beat 1")
        self.assertEqual(self._pricelist(self.ka_store), self.pl_ka, "other dealers untouched")

    def test_sequence_breaks_ties_between_dimensions(self):
        pl_tier = self.pl_outlet.copy({"name": "Test KA tier"})
        rule = self.env["dealer.pricelist.rule"].create({
            "tier_id": self.tier_ka.id, "pricelist_id": pl_tier.id, "sequence": 5,
        })
        self.assertEqual(self._pricelist(self.ka_store), pl_tier, "same specificity, lower sequence wins")
        rule.sequence = 20
        self.assertEqual(self._pricelist(self.ka_store), self.pl_ka)

    def test_ties_are_rejected(self):
        Rule = self.env["dealer.pricelist.rule"]
        with self.assertRaisesRegex(ValidationError, "tie"):
            Rule.create({"tier_id": self.tier_ka.id, "pricelist_id": self.pl_wholesale.id})
        with self.assertRaisesRegex(ValidationError, "tie"):
            Rule.create({"type_id": self.type_ka_store.id, "pricelist_id": self.pl_wholesale.id})
        with self.assertRaisesRegex(ValidationError, "tie"):
            Rule.create({"pricelist_id": self.pl_wholesale.id})
        self.assertEqual(Rule.search_count([("pricelist_id", "=", self.pl_wholesale.id)]), 1, "nothing half-written")
        # same specificity but exclusive dimensions: no dealer can match both
        Rule.create({"type_id": self.type_retail.id, "pricelist_id": self.pl_wholesale.id})
        # archived rules do not tie
        self.rule_default.active = False
        Rule.create({"pricelist_id": self.pl_wholesale.id})

    def test_resync_on_dealer_change(self):
        self.store.dealer_type_id = self.type_ka_store
        self.assertEqual(self._pricelist(self.store), self.pl_ka)
        self.store.dealer_type_id = self.type_wholesale
        self.assertEqual(self._pricelist(self.store), self.pl_wholesale)
        new_dealer = self._create_dealer("Test New KA", self.level_store, self.zhejiang,
                                         dealer_type_id=self.type_ka_store.id)
        self.assertEqual(self._pricelist(new_dealer), self.pl_ka)
        # contacts of the dealer buy at the dealer's pricelist
        contact = self.env["res.partner"].create({"name": "Test Buyer", "parent_id": new_dealer.id})
        self.assertEqual(self._pricelist(contact), self.pl_ka)
        order = self.env["sale.order"].create({"partner_id": contact.id})
        self.assertEqual(order.pricelist_id, self.pl_ka)

    def test_resync_on_rule_change(self):
        self.rule_ka_store.pricelist_id = self.pl_wholesale
        self.assertEqual(self._pricelist(self.ka_store), self.pl_wholesale)
        self.rule_ka_store.type_id = self.type_retail
        self.assertEqual(self._pricelist(self.ka_store), self.pl_outlet, "back to the default rule")
        self.assertEqual(self._pricelist(self.retail_store), self.pl_wholesale)
        self.rule_ka_store.unlink()
        self.assertEqual(self._pricelist(self.retail_store), self.pl_outlet)
        self.rule_default.active = False
        self.assertNotEqual(self.store.specific_property_product_pricelist, self.pl_outlet,
                            "no rule: the dealer falls back to Odoo's default pricelist")
        self.assertFalse(self.store.specific_property_product_pricelist)

    def test_manual_pricelist_is_kept(self):
        manual = self.pl_outlet.copy({"name": "Test Negotiated"})
        self.store.property_product_pricelist = manual
        self.assertTrue(self.store.dealer_pricelist_manual, "a pricelist set by hand is flagged manual")
        self.store.dealer_type_id = self.type_ka_store
        self.rule_default.pricelist_id = self.pl_wholesale
        self.assertEqual(self._pricelist(self.store), manual)
        self.store.dealer_pricelist_manual = False
        self.assertEqual(self._pricelist(self.store), self.pl_ka, "back under the rules")

    def test_ka_store_price_five_percent_below_outlet(self):
        products = self.clock | self.pen
        outlet_prices = self.store._dealer_get_prices(products)
        ka_prices = self.ka_store._dealer_get_prices(products)
        self.assertAlmostEqual(outlet_prices[self.clock.id], 280.0)
        self.assertAlmostEqual(ka_prices[self.clock.id], 266.0)
        self.assertAlmostEqual(ka_prices[self.pen.id], round(18.0 * 0.7 * 0.95, 2))

    def test_dealer_count_and_name(self):
        self.assertEqual(self.rule_ka_store.dealer_count, 1)
        self.assertIn(self.pl_ka.name, self.rule_ka_store.name)
        self.assertEqual(self.rule_ka_store.specificity, 1)
        self.assertEqual(self.rule_default.specificity, 0)
