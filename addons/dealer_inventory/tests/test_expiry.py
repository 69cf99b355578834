from datetime import datetime, time, timedelta

from odoo import fields
from odoo.tests import tagged

from .common import DealerInventoryCommon


@tagged("post_install", "-at_install")
class TestExpiry(DealerInventoryCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Category = cls.env["product.category"]
        cls.categ_root = Category.create({"name": "乳制品", "dealer_expiry_red_days": 10})
        cls.categ_child = Category.create({"name": "酸奶", "parent_id": cls.categ_root.id,
                                           "dealer_expiry_yellow_days": 20})
        cls.milk = cls.env["product.product"].create({
            "name": "酸奶 200ml", "is_storable": True, "tracking": "lot", "use_expiration_date": True,
            "categ_id": cls.categ_child.id,
        })

    def _lot(self, name, days_left, qty=10.0):
        lot = self.env["stock.lot"].create({
            "name": name, "product_id": self.milk.id, "company_id": self.company.id,
            # noon (UTC) of the user's day: the days left do not depend on the hour the test runs at
            "expiration_date": datetime.combine(
                fields.Date.context_today(self.env.user) + timedelta(days=days_left), time(12)),
        })
        if qty:
            self.env["stock.quant"]._update_available_quantity(self.milk, self.warehouse.lot_stock_id, qty,
                                                               lot_id=lot)
        return lot

    def test_thresholds_inherit_from_parent_and_company(self):
        thresholds = self.env["product.category"]._dealer_expiry_thresholds(self.categ_child | self.categ_root)
        # red from the parent, yellow its own, blue the company's
        self.assertEqual(thresholds[self.categ_child.id], (10, 20, 90))
        self.assertEqual(thresholds[self.categ_root.id], (10, 60, 90))

    def test_lot_levels(self):
        levels = {days: self._lot(f"L{days}", days).dealer_expiry_level for days in (0, 5, 10, 11, 20, 21, 90, 91)}
        self.assertEqual(levels, {0: "expired", 5: "red", 10: "red", 11: "yellow", 20: "yellow", 21: "blue",
                                  90: "blue", 91: "ok"})

    def test_report_line_level(self):
        report = self._report(self.dealer, "stock", [(self.milk, 5, {
            "lot_name": "D1", "expiration_date": self.today + timedelta(days=15)})], done=False)
        self.assertEqual(report.line_ids.expiry_level, "yellow")
        self.assertEqual(report.line_ids.expiry_days_left, 15)

    def test_cron_one_activity_per_level_change(self):
        red = self._lot("R1", 5)
        lots = red | self._lot("OK1", 200) | self._lot("EMPTY", 5, qty=0)  # EMPTY: not in our warehouses
        activity_type = self.env.ref("dealer_inventory.mail_activity_type_dealer_expiry")
        Activity = self.env["mail.activity"]

        def activities():
            return Activity.search([("activity_type_id", "=", activity_type.id), ("res_model", "=", "stock.lot"),
                                    ("res_id", "in", lots.ids)])

        self.env["stock.lot"]._cron_dealer_expiry()
        self.assertEqual(activities().mapped("res_id"), red.ids)
        self.env["stock.lot"]._cron_dealer_expiry()
        self.assertEqual(len(activities()), 1, "no duplicate while the level stays")
        red.expiration_date = fields.Datetime.now() - timedelta(hours=1)
        self.env["stock.lot"]._cron_dealer_expiry()
        self.assertEqual(red.dealer_expiry_level, "expired")
        self.assertEqual(len(activities()), 2, "a new activity for the new level")

    def test_cron_one_activity_per_dealer_lot_and_level_change(self):
        """The lots the dealers count get their activity too: one per lot and level change."""
        Line = self.env["dealer.inventory.report.line"]
        activity_type = self.env.ref("dealer_inventory.mail_activity_type_dealer_expiry_report")

        def count(partner, lot, days, qty=5, days_ago=0):
            return self._report(partner, "stock", [(self.milk, qty, {
                "lot_name": lot, "expiration_date": self.today + timedelta(days=days)})], days_ago=days_ago)

        def activities():
            return self.env["mail.activity"].search([
                ("activity_type_id", "=", activity_type.id), ("res_model", "=", "dealer.inventory.report"),
                ("res_id", "in", self.Report.search([("partner_id", "in", (self.dealer | self.other).ids)]).ids)])

        (self.dealer | self.other)._dealer_grant_products(self.milk)
        first = count(self.dealer, "D-RED", 5, days_ago=3)
        count(self.dealer, "D-OK", 200, days_ago=3)
        count(self.other, "D-RED", 5, qty=0, days_ago=3)  # counted empty: nothing to warn about
        self.env["stock.lot"]._cron_dealer_expiry()
        self.assertEqual(activities().res_id, first.id)
        self.assertIn("D-RED", activities().summary)
        self.assertEqual(activities().user_id, self.dealer.user_id, "the dealer's salesperson")
        self.env["stock.lot"]._cron_dealer_expiry()
        self.assertEqual(len(activities()), 1, "no duplicate while the level stays")
        # a new count of the same lot at the same level: still no duplicate
        second = count(self.dealer, "D-RED", 5, qty=3, days_ago=1)
        self.env["stock.lot"]._cron_dealer_expiry()
        self.assertEqual(len(activities()), 1, "the same lot, the same level")
        # the lot expires: one activity for the new level, on the latest count
        self.env.cr.execute("UPDATE dealer_inventory_report_line SET expiration_date = %s WHERE report_id = %s",
                            (self.today, second.id))
        Line.invalidate_model()
        self.env["stock.lot"]._cron_dealer_expiry()
        self.assertEqual(second.line_ids.expiry_level, "expired")
        self.assertEqual(len(activities()), 2)
        self.assertEqual((activities() - activities().filtered(lambda a: a.res_id == first.id)).res_id, second.id)
