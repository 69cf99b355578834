from odoo import Command
from odoo.tests import tagged

from .common import DealerOrderCommon


@tagged("post_install", "-at_install")
class TestFulfillment(DealerOrderCommon):

    def _store_order(self, qty=10):
        return self._create_order(partner=self.store, flow="fulfillment", lines=[(self.item_a, qty, 100.0)])

    def test_exclusive_first(self):
        self._authorize(self.fulfiller_b, self.region_e1)
        self._authorize(self.fulfiller_a, self.region_east, exclusive=True)
        order = self._store_order()
        order.action_dealer_submit()
        self.assertEqual(order.fulfillment_dealer_id, self.fulfiller_a)
        self.assertEqual(order.warehouse_id, self.wh_a)
        self.assertEqual(order.state, "sale")

    def test_most_specific_region(self):
        self._authorize(self.fulfiller_a, self.region_east)
        self._authorize(self.fulfiller_b, self.region_e1)
        order = self._store_order()
        order.action_dealer_submit()
        self.assertEqual(order.fulfillment_dealer_id, self.fulfiller_b)
        self.assertEqual(order.warehouse_id, self.wh_b)

    def test_tie_break(self):
        self._authorize(self.fulfiller_a, self.region_e1)
        self._authorize(self.fulfiller_b, self.region_e1)
        # upline: the store sits below fulfiller A
        self.assertEqual(self._store_order()._dealer_fulfillment_candidates()[:1], self.fulfiller_a)
        self.company.dealer_fulfillment_tie_break = "stock"
        self.env["stock.quant"]._update_available_quantity(self.item_a, self.wh_a.lot_stock_id, -995.0)
        self.assertEqual(self._store_order()._dealer_fulfillment_candidates()[:1], self.fulfiller_b)
        self.company.dealer_fulfillment_tie_break = "code"
        expected = (self.fulfiller_a | self.fulfiller_b).sorted("dealer_code")[:1]
        self.assertEqual(self._store_order()._dealer_fulfillment_candidates()[:1], expected)

    def test_routing_query_count(self):
        """Routing a fulfillment order among candidate dealers costs a fixed number of queries."""
        self._authorize(self.fulfiller_a, self.region_e1)
        self._authorize(self.fulfiller_b, self.region_east)
        self._store_order()._dealer_fulfillment_route()  # warm-up
        order = self._store_order()
        self.env.invalidate_all()
        with self.assertQueryCount(32):  # measured: 32 (the flow configuration is cached)
            order._dealer_fulfillment_route()
        self.assertEqual(order.fulfillment_dealer_id, self.fulfiller_a)

    def test_no_dealer_held(self):
        self._authorize(self.fulfiller_a, self.region_e2)
        order = self._store_order()
        order.action_dealer_submit()
        self.assertEqual(order.dealer_review_state, "held")
        self.assertFalse(order.fulfillment_dealer_id)
        self.assertIn("No dealer with a warehouse", order.dealer_review_message)
        self.assertEqual(order.state, "draft")
        # authorized meanwhile: the approval routes the order
        self._authorize(self.fulfiller_b, self.region_e1)
        order.action_dealer_approve()
        self.assertEqual(order.fulfillment_dealer_id, self.fulfiller_b)
        self.assertEqual(order.warehouse_id, self.wh_b)
        self.assertEqual(order.state, "sale")

    def test_delivery_decreases_dealer_stock_and_records_profit_share(self):
        self._authorize(self.fulfiller_a, self.region_e1)
        order = self._store_order(qty=10)
        order.action_dealer_submit()
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.picking_ids.picking_type_id.warehouse_id, self.wh_a)
        before_main = self._free_qty(self.item_a, self.warehouse)
        picking = self._validate_delivery(order)
        self.assertEqual(picking.state, "done")
        self.assertEqual(self.item_a.with_context(warehouse_id=self.wh_a.id).qty_available, 990.0)
        self.assertEqual(self._free_qty(self.item_a, self.warehouse), before_main)
        share = order.dealer_profit_share_ids
        self.assertEqual(len(share), 1)
        self.assertEqual(share.partner_id, self.fulfiller_a)
        self.assertEqual(share.state, "confirmed")
        self.assertAlmostEqual(share.base_amount, 1000.0)
        self.assertAlmostEqual(share.amount, 100.0)
        # a return of 4 units reduces it
        wizard = self.env["stock.return.picking"].with_context(
            active_id=picking.id, active_model="stock.picking").create({})
        wizard.product_return_moves.quantity = 4
        return_picking = wizard._create_return()
        return_picking.move_ids.quantity = 4
        return_picking.move_ids.picked = True
        return_picking._action_done()
        self.assertEqual(len(order.dealer_profit_share_ids), 2)
        self.assertAlmostEqual(sum(order.dealer_profit_share_ids.mapped("amount")), 60.0)
        self.assertEqual(order.dealer_profit_share_ids.mapped("state"), ["confirmed", "confirmed"])

    def test_routing_skips_wrong_category_and_inactive(self):
        categ = self.env["product.category"].create({"name": "其他类目"})
        self._authorize(self.fulfiller_a, self.region_e1, product_categ_ids=[Command.set(categ.ids)])
        self._authorize(self.fulfiller_b, self.region_east)
        order = self._store_order()
        self.assertEqual(order._dealer_fulfillment_candidates(), self.fulfiller_b)
        self.fulfiller_b.dealer_state = "suspended"
        self.assertFalse(order._dealer_fulfillment_candidates())
