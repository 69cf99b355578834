from odoo import Command
from odoo.tests import tagged

from odoo.addons.dealer_report.tests.common import DealerReportCommon, utc


@tagged("post_install", "-at_install")
class TestSaleReportDimensions(DealerReportCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.contact = cls.env["res.partner"].create({"name": "报表采购员", "parent_id": cls.dealer.id})
        cls.order = cls._confirmed(cls.contact, utc(2025, 3, 10, 10), [(cls.item_a, 3, 100.0)])
        cls.order2 = cls._confirmed(cls.dealer2, utc(2025, 3, 11, 10), [(cls.item_b, 2, 50.0)], flow="fulfillment")
        cls.plain = cls._confirmed(cls.customer, utc(2025, 3, 12, 10), [(cls.item_a, 1, 100.0)])
        # a sub-region of East 1 that does not list the dealer's province, and a deeper one that does
        cls.region_e1_city = cls.env["dealer.region"].create({
            "name": "T East 1 City", "code": "REP-E1C", "parent_id": cls.region_e1.id,
            "state_ids": [Command.set(cls.state_e1.ids)],
        })
        cls.env.flush_all()

    def _report(self, order, user=None):
        Report = self.env["sale.report"]
        if user:
            Report = Report.with_user(user)
        return Report.search([("order_reference", "=", f"sale.order,{order.id}")])

    def test_dealer_dimensions(self):
        line = self._report(self.order)
        self.assertEqual(len(line), 1)
        self.assertRecordValues(line, [{
            "dealer_region_id": self.region_e1_city.id,  # the deepest region listing the province
            "dealer_region_root_id": self.region_east.id,
            "dealer_level_id": self.level_l1.id, "dealer_tier_id": self.tier_a.id,
            "dealer_type_id": self.type_ka.id, "dealer_parent_id": self.branch.id,
            "dealer_flow": "regular", "price_subtotal": 300.0,
        }])
        self.assertEqual(self._report(self.order2).dealer_flow, "fulfillment")
        self.assertEqual(self._report(self.order2).dealer_region_id, self.region_e2)

    def test_customer_not_a_dealer_gets_empty_dimensions(self):
        line = self._report(self.plain)
        self.assertRecordValues(line, [{
            "dealer_region_id": False, "dealer_region_root_id": False, "dealer_level_id": False,
            "dealer_tier_id": False, "dealer_type_id": False, "dealer_parent_id": False, "dealer_flow": False,
            "price_subtotal": 100.0,
        }])

    def test_group_by_region_with_parents(self):
        groups = self.env["sale.report"].read_group(
            [("dealer_region_id", "child_of", self.region_east.id), ("state", "=", "sale")],
            ["price_subtotal:sum"], ["dealer_region_root_id"])
        self.assertEqual([(g["dealer_region_root_id"][0], g["price_subtotal"]) for g in groups],
                         [(self.region_east.id, 400.0)])

    def test_plain_salesman_reporting(self):
        """Sales → Reporting for a salesperson with Odoo's groups only: the report, its
        search view and a grouping by the new fields work; his own orders only."""
        self.order.user_id = self.salesperson
        self.plain.user_id = self.salesperson
        self.env.flush_all()
        Report = self.env["sale.report"].with_user(self.salesperson)
        orders = {line.order_reference for line in Report.search([])}
        self.assertIn(self.order, orders)
        self.assertIn(self.plain, orders)
        self.assertNotIn(self.order2, orders)
        groups = Report.read_group([("order_reference", "in", [f"sale.order,{o.id}" for o in self.order | self.plain])],
                                   ["price_subtotal:sum"], ["dealer_region_id"])
        self.assertEqual({(g["dealer_region_id"] and g["dealer_region_id"][0], g["price_subtotal"]) for g in groups},
                         {(self.region_e1_city.id, 300.0), (False, 100.0)})
        views = Report.get_views([(False, "pivot"), (False, "search")])
        self.assertNotIn("dealer_region_id", views["views"]["search"]["arch"],
                         "the dealer filters are for dealer users")
