from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import DealerInventoryCommon


@tagged("post_install", "-at_install")
class TestReplenishment(DealerInventoryCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        b = cls.item_b
        # 100 delivered 40 days ago, 84 sold over the last 28 days: velocity 3 a day, 16 left
        cls._deliver(cls.dealer, [(b, 100)], days_ago=40)
        cls._report(cls.dealer, "sellout", [(b, 84)], days_ago=1, period=28)
        # item A: stock but nothing sold (zero velocity)
        cls._deliver(cls.dealer, [(cls.item_a, 20)], days_ago=30)
        cls.env["dealer.moq.rule"].create({
            "applies_on": "product", "product_tmpl_id": b.product_tmpl_id.id, "min_qty": 50, "multiple_qty": 12,
        })

    def _suggestion(self, partner, product):
        return self.Replenishment.search([("partner_id", "=", partner.id), ("product_id", "=", product.id)])

    def test_need_rounded_to_moq_and_multiple(self):
        suggestions = self.Replenishment.compute_suggestions(self.dealer)
        self.assertEqual(suggestions.product_id, self.item_b, "zero velocity suggests nothing")
        # need = 3 × (7 + 14 + 7) − 16 − 0 = 68 → multiple of 12 above: 72
        self.assertAlmostEqual(suggestions.velocity, 3.0)
        self.assertAlmostEqual(suggestions.estimated_qty, 16.0)
        self.assertEqual(suggestions.days, 28)
        self.assertAlmostEqual(suggestions.need_qty, 68.0)
        self.assertAlmostEqual(suggestions.suggested_qty, 72.0)
        self.assertEqual(suggestions.date, self.today)

    def test_dealer_parameters_and_transit(self):
        self.dealer.dealer_replenish_lead_days = 14
        # 60 more on their way: need = 3 × 35 − 16 − 60 = 29 → minimum 50 → 60
        order = self.env["sale.order"].create({
            "partner_id": self.dealer.id,
            "order_line": [Command.create({"product_id": self.item_b.id, "product_uom_qty": 60})],
        })
        order.action_confirm()
        suggestion = self.Replenishment.compute_suggestions(self.dealer)
        self.assertAlmostEqual(suggestion.in_transit_qty, 60.0)
        self.assertAlmostEqual(suggestion.need_qty, 29.0)
        self.assertAlmostEqual(suggestion.suggested_qty, 60.0)

    def test_minimum_dominates_and_recompute_replaces(self):
        self.company.dealer_replenish_cover_days = 2
        # need = 3 × 16 − 16 = 32 → minimum 50 → multiple of 12: 60
        first = self.Replenishment.compute_suggestions(self.dealer)
        self.assertAlmostEqual(first.need_qty, 32.0)
        self.assertAlmostEqual(first.suggested_qty, 60.0)
        second = self.Replenishment.compute_suggestions(self.dealer)
        self.assertFalse(first.exists(), "a run replaces the dealer's suggestions")
        self.assertEqual(len(second), 1)

    def test_only_pool_products(self):
        # item C is sold by the dealer but is not in its pool: never suggested
        self._deliver_outside_pool()
        self._report(self.dealer, "sellout", [(self.item_b, 1)], days_ago=0, period=1)
        suggestions = self.Replenishment.compute_suggestions(self.dealer)
        self.assertNotIn(self.item_c, suggestions.product_id)

    def _deliver_outside_pool(self):
        picking = self.env["stock.picking"].create({
            "partner_id": self.dealer.id, "picking_type_id": self.warehouse.out_type_id.id,
            "location_id": self.warehouse.lot_stock_id.id,
            "location_dest_id": self.env.ref("stock.stock_location_customers").id,
            "move_ids": [Command.create({
                "name": "C", "product_id": self.item_c.id, "product_uom_qty": 5,
                "location_id": self.warehouse.lot_stock_id.id,
                "location_dest_id": self.env.ref("stock.stock_location_customers").id,
            })],
        })
        picking.action_confirm()
        picking.move_ids.quantity = 5
        picking.move_ids.picked = True
        picking._action_done()
        self.assertAlmostEqual(self._stock(self.dealer, self.item_c).sell_in_qty, 5.0)

    def test_query_count_independent_of_dealers(self):
        for partner in (self.other, self.store):
            self._deliver(partner, [(self.item_b, 60)], days_ago=20)
            self._report(partner, "sellout", [(self.item_b, 57)], days_ago=1, period=10)
        self.env.flush_all()
        with self.assertQueryCount(3):
            self.Replenishment.compute_suggestions(self.dealer)
        self.env.flush_all()
        with self.assertQueryCount(3):
            suggestions = self.Replenishment.compute_suggestions(self.dealer | self.other | self.store)
        self.assertEqual(suggestions.partner_id, self.dealer | self.other | self.store)

    def test_create_cart(self):
        suggestions = self.Replenishment.compute_suggestions(self.dealer)
        action = suggestions.action_create_cart()
        order = self.env["sale.order"].browse(action["res_id"])
        self.assertEqual(order.state, "draft")
        self.assertTrue(order.dealer_replenishment)
        self.assertEqual(order.partner_id, self.dealer)
        line = order.order_line.filtered(lambda line: line.product_id == self.item_b)
        self.assertAlmostEqual(line.product_uom_qty, 72.0)
        # again: the same draft order, quantities merged
        suggestions.action_create_cart()
        self.assertAlmostEqual(line.product_uom_qty, 144.0)
        self.assertEqual(len(self.env["sale.order"].search([("dealer_replenishment", "=", True)])), 1)

    def test_create_cart_one_dealer(self):
        self._deliver(self.other, [(self.item_b, 60)], days_ago=20)
        self._report(self.other, "sellout", [(self.item_b, 57)], days_ago=1, period=10)
        suggestions = self.Replenishment.compute_suggestions(self.dealer | self.other)
        with self.assertRaises(UserError):
            suggestions.action_create_cart()
        with self.assertRaises(UserError):
            self.Replenishment.action_create_cart()
