from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import DealerInventoryCommon


@tagged("post_install", "-at_install")
class TestChannelStock(DealerInventoryCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        a = cls.item_a
        # 100 ordered to the delivery address, 60 delivered 20 days ago (40 left in a backorder)
        cls.order1, cls.picking1 = cls._deliver(cls.dealer, [(a, 100)], days_ago=20, qty_done={a: 60},
                                                shipping=cls.dealer_address)
        # 10 of them returned 15 days ago; 30 more delivered 5 days ago
        cls.return1 = cls._return(cls.picking1, 10, days_ago=15)
        cls.order2, cls.picking2 = cls._deliver(cls.dealer, [(a, 30)], days_ago=5)
        # sold 25 over days -20..-10, counted 22 on day -10, sold 12 over days -9..-1
        cls.sellout1 = cls._report(cls.dealer, "sellout", [(a, 25)], days_ago=10, period=11)
        cls.count = cls._report(cls.dealer, "stock", [(a, 22)], days_ago=10)
        cls.sellout2 = cls._report(cls.dealer, "sellout", [(a, 12)], days_ago=1, period=9)

    def test_figures(self):
        row = self._stock(self.dealer, self.item_a)
        self.assertEqual(len(row), 1)
        self.assertEqual(row.partner_id, self.dealer, "the delivery address counts for its dealer")
        self.assertAlmostEqual(row.sell_in_qty, 80.0)  # 60 - 10 + 30
        self.assertAlmostEqual(row.sell_out_qty, 37.0)  # 25 + 12
        self.assertAlmostEqual(row.expected_qty, 43.0)
        self.assertAlmostEqual(row.reported_qty, 22.0)
        self.assertEqual(row.reported_date, self._days_ago(10))
        # expected at the count: 60 - 10 - 25 = 25
        self.assertAlmostEqual(row.difference_qty, -3.0)
        self.assertTrue(row.difference_flag, "3 off 25 is beyond the 5 % tolerance")
        # 22 counted + 30 delivered since - 12 sold since
        self.assertAlmostEqual(row.estimated_qty, 40.0)
        self.assertAlmostEqual(row.in_transit_qty, 40.0, msg="the backorder is on its way")
        # 37 sold within the 28 days window
        self.assertAlmostEqual(row.velocity, 37.0 / 28, places=3)
        self.assertAlmostEqual(row.cover_days, 40.0 / (37.0 / 28), places=1)
        self.assertEqual(row.last_sell_out_date, self._days_ago(1))
        self.assertFalse(row.slow_moving)
        self.assertEqual(row.dealer_region_id, self.region_e1)
        self.assertEqual(row.categ_id, self.item_a.categ_id)

    def test_tolerance_in_units(self):
        self.company.dealer_inventory_tolerance_type = "units"
        self.company.dealer_inventory_tolerance = 3.0
        self.env.flush_all()
        self.assertFalse(self._stock(self.dealer, self.item_a).difference_flag, "3 units is within 3")

    def test_reversal(self):
        reversal_action = self.sellout2.action_reverse()
        reversal = self.Report.browse(reversal_action["res_id"])
        self.assertEqual(reversal.state, "done")
        self.assertEqual(reversal.reversal_of_id, self.sellout2)
        self.assertEqual(self.sellout2.reversal_id, reversal)
        self.assertEqual(self.sellout2.state, "done", "the reversed report itself is untouched")
        row = self._stock(self.dealer, self.item_a)
        self.assertAlmostEqual(row.sell_out_qty, 25.0)
        self.assertAlmostEqual(row.estimated_qty, 52.0)
        # the period is free again: a corrected report of 10 is accepted
        corrected = self._report(self.dealer, "sellout", [(self.item_a, 10)], days_ago=1, period=9)
        self.assertEqual(corrected.state, "done")
        self.assertAlmostEqual(self._stock(self.dealer, self.item_a).estimated_qty, 42.0)

    def test_done_report_is_never_edited(self):
        with self.assertRaises(UserError):
            self.sellout1.date = self._days_ago(12)
        with self.assertRaises(UserError):
            self.sellout1.line_ids.quantity = 1.0
        with self.assertRaises(UserError):
            self.sellout1.unlink()
        self.sellout1.action_reverse()
        with self.assertRaises(UserError):
            self.sellout1.action_reverse()
        with self.assertRaises(UserError):
            self.sellout1.reversal_id.action_reverse()

    def test_stock_card(self):
        card = self.env["dealer.channel.move"].search([
            ("partner_id", "=", self.dealer.id), ("product_id", "=", self.item_a.id)])
        self.assertEqual(card.mapped("kind"), ["sell_in", "return", "sell_out", "count", "sell_in", "sell_out"])
        self.assertEqual(card.mapped("sell_in_qty"), [60.0, -10.0, 0.0, 0.0, 30.0, 0.0])
        self.assertEqual(card.mapped("sell_out_qty"), [0.0, 0.0, 25.0, 0.0, 0.0, 12.0])
        self.assertEqual(card.filtered(lambda move: move.kind == "count").count_qty, 22.0)

    def test_fulfillment_is_sell_out_of_the_fulfilling_dealer(self):
        self._authorize(self.fulfiller_a, self.region_e1)
        order = self._create_order(partner=self.store, flow="fulfillment", lines=[(self.item_a, 10, 100.0)])
        order.action_dealer_submit()
        self.assertEqual(order.fulfillment_dealer_id, self.fulfiller_a)
        self._validate_delivery(order)
        self.env.flush_all()
        fulfiller = self._stock(self.fulfiller_a, self.item_a)
        self.assertAlmostEqual(fulfiller.sell_out_qty, 10.0)
        self.assertAlmostEqual(fulfiller.sell_in_qty, 0.0)
        self.assertAlmostEqual(self._stock(self.store, self.item_a).sell_in_qty, 10.0)

    def test_no_count_estimate_is_expected(self):
        _order, _picking = self._deliver(self.other, [(self.item_b, 15)], days_ago=3)
        self._report(self.other, "sellout", [(self.item_b, 4)], days_ago=1, period=2)
        row = self._stock(self.other, self.item_b)
        self.assertAlmostEqual(row.expected_qty, 11.0)
        self.assertAlmostEqual(row.estimated_qty, 11.0)
        self.assertFalse(row.reported_date)
        self.assertFalse(row.difference_flag)

    def test_slow_moving(self):
        self._deliver(self.other, [(self.item_b, 15)], days_ago=90)
        self.assertTrue(self._stock(self.other, self.item_b).slow_moving)

    def test_one_dealer_query(self):
        self.Stock.search_read([("partner_id", "=", self.dealer.id)], ["estimated_qty"])  # warm the caches
        self.env.flush_all()
        self.env.invalidate_all()
        with self.assertQueryCount(1):
            rows = self.Stock.search_read([("partner_id", "=", self.dealer.id)], ["estimated_qty"])
        self.assertEqual(len(rows), 1)
