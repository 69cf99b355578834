import ast

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import DealerCatalogCommon


@tagged("post_install", "-at_install")
class TestSaleOrderCatalog(DealerCatalogCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.pool_stationery = cls._pool("Stationery", categ_ids=cls.categ_stationery)
        cls.pool_ka = cls._pool("KA equipment", tier_ids=cls.tier_ka, categ_ids=cls.categ_equipment)

    def test_unauthorized_products_block_confirmation(self):
        order = self._order_lines(self.store, [(self.pen, 1), (self.clock, 1), (self.shredder, 2), (self.clock, 1)])
        errors = order._dealer_confirmation_errors()
        self.assertEqual(len(errors), 2, "one message per product, not per line")
        self.assertTrue(any("Test Time Clock" in e for e in errors))
        self.assertTrue(any("Test Shredder" in e for e in errors))
        with self.assertRaisesRegex(UserError, "Test Shredder"):
            order.action_confirm()
        self.assertEqual(order.state, "draft")
        ka_order = self._order_lines(self.ka_store, [(self.pen, 1), (self.clock, 1), (self.shredder, 2)])
        ka_order.action_confirm()
        self.assertEqual(ka_order.state, "sale")

    def test_all_problems_at_once(self):
        self.env["dealer.moq.rule"].create({"categ_id": self.categ_pens.id, "min_qty": 12, "multiple_qty": 12})
        self.store.dealer_state = "suspended"
        order = self._order_lines(self.store, [(self.pen, 5), (self.clock, 1)])
        with self.assertRaises(UserError) as error:
            order.action_confirm()
        message = str(error.exception)
        self.assertIn("suspended", message)
        self.assertIn("Test Time Clock", message)
        self.assertIn("minimum order quantity", message)

    def test_non_dealers_are_not_affected(self):
        order = self._order_lines(self.customer, [(self.clock, 1), (self.shredder, 1)])
        self.assertFalse(order.dealer_id)
        order.action_confirm()
        self.assertEqual(order.state, "sale")

    def test_line_product_domain(self):
        order = self._order_lines(self.store, [(self.pen, 1)])
        domain = ast.literal_eval(order.order_line.dealer_product_domain)
        Product = self.env["product.product"]
        offered = Product.search([("id", "in", self.all_products.ids)] + domain)
        self.assertEqual(offered, self.pen | self.notebook)
        offered_templates = self.env["product.template"].search(
            [("id", "in", self.all_products.product_tmpl_id.ids)] + domain
        )
        self.assertEqual(offered_templates, (self.pen | self.notebook).product_tmpl_id)
        # the domain is serializable for the web client
        self.assertEqual(domain, [("sale_ok", "=", True), ("dealer_catalog_partner_id", "=", self.store.id)])
        retail = self._order_lines(self.customer, [(self.pen, 1)])
        self.assertEqual(ast.literal_eval(retail.order_line.dealer_product_domain), [("sale_ok", "=", True)])
        # the product catalog opened from the order lines ("Catalog") too
        fixture = [("id", "in", self.all_products.ids)]
        catalog = order.action_add_from_catalog()
        self.assertEqual(Product.search(fixture + catalog["domain"]), self.pen | self.notebook)
        catalog = retail.action_add_from_catalog()
        self.assertEqual(Product.search(fixture + catalog["domain"]), self.all_products)

    def test_catalog_smart_button(self):
        rule = self.env["dealer.pricelist.rule"].create({"pricelist_id": self.pl_outlet.id})
        self.assertTrue(rule)
        action = self.ka_store.action_view_dealer_catalog()
        products = self.env["product.product"].with_context(**action["context"]).search(
            [("id", "in", self.all_products.ids)] + action["domain"]
        )
        self.assertEqual(products, self.all_products)
        prices = {p: p.dealer_price for p in products}
        self.assertAlmostEqual(prices[self.clock], 280.0)
        self.assertEqual(products[0].dealer_pricelist_id, self.pl_outlet)
        self.assertEqual(self.ka_store.dealer_catalog_product_count, len(self.ka_store._dealer_allowed_products()))
