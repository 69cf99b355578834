from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from odoo.addons.dealer_base.tests.factory import create_portal_user
from odoo.addons.mail.tests.common import mail_new_test_user

from .common import DealerInventoryCommon


@tagged("post_install", "-at_install")
class TestInventoryAccess(DealerInventoryCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._deliver(cls.dealer, [(cls.item_a, 10)], days_ago=3)
        cls._deliver(cls.other, [(cls.item_a, 20)], days_ago=3)
        # both sell nearly all: each gets a suggestion
        cls.own = cls._report(cls.dealer, "sellout", [(cls.item_a, 9)], days_ago=1, period=2)
        cls.foreign = cls._report(cls.other, "sellout", [(cls.item_a, 19)], days_ago=1, period=2)
        cls.Replenishment.compute_suggestions(cls.dealer | cls.other)
        cls.dealer_user = mail_new_test_user(cls.env, login="inv_dealer_user", groups="dealer_base.group_dealer_user")

    def test_portal_sees_only_its_own(self):
        env = self.env(user=self.portal_dealer)
        for model in ("dealer.channel.stock", "dealer.channel.move", "dealer.inventory.report",
                      "dealer.inventory.report.line", "dealer.replenishment"):
            with self.subTest(model=model):
                records = env[model].search([])
                self.assertTrue(records, f"the dealer sees its own {model}")
                self.assertEqual(records.partner_id, self.dealer)
        # the rows name their products, which the portal cannot read as such
        stock = env["dealer.channel.stock"].search([])
        self.assertEqual(stock.read(["display_name"])[0]["display_name"], self.item_a.display_name)
        self.assertEqual(env["dealer.replenishment"].search([]).read(["display_name"])[0]["display_name"],
                         self.item_a.display_name)
        with self.assertRaises(AccessError):
            self.foreign.with_user(self.portal_dealer).read(["name"])
        stock = self.env["dealer.channel.stock"].search([("partner_id", "=", self.other.id)])
        with self.assertRaises(AccessError):
            stock.with_user(self.portal_dealer).read(["estimated_qty"])

    def test_portal_cannot_report_for_another(self):
        Report = self.Report.with_user(self.portal_dealer)
        with self.assertRaises(AccessError):
            Report.create({"partner_id": self.other.id, "report_type": "stock", "source": "rpc",
                           "line_ids": [Command.create({"product_id": self.item_a.id, "quantity": 1})]})
        with self.assertRaises(AccessError):
            self.foreign.with_user(self.portal_dealer).action_reverse()
        # its own, over RPC, through the actions
        report = Report.create({"partner_id": self.dealer.id, "report_type": "stock", "source": "rpc",
                                "line_ids": [Command.create({"product_id": self.item_a.id, "quantity": 1})]})
        report.action_done()
        self.assertEqual(report.state, "done")
        with self.assertRaises(UserError):
            report.write({"state": "draft"})

    def test_warehouse_user_who_cannot_read_the_order(self):
        """A warehouse manager seeing only his own sales orders handles a colleague's deliveries:
        deciding which moves feed a dealer's channel stock raises no access error, for the
        delivery of a customer that is not a dealer (its order is read) as for a dealer's."""
        customer = self.env["res.partner"].create({"name": "普通客户"})
        admin = self.env.ref("base.user_admin")
        orders = self.env["sale.order"].create([{
            "partner_id": partner.id, "user_id": admin.id,
            "order_line": [Command.create({"product_id": self.item_b.id, "product_uom_qty": 4, "price_unit": 10.0})],
        } for partner in (customer, self.dealer)])
        orders.action_confirm()
        clerk = mail_new_test_user(
            self.env, login="inv_stock_salesman",
            groups="base.group_user,stock.group_stock_manager,sales_team.group_sale_salesman",
        )
        plain, dealers = (order.picking_ids.move_ids.with_user(clerk) for order in orders)
        self.assertFalse(orders.with_user(clerk).has_access("read"))
        # a request of the clerk starts with nothing in the cache
        self.env.invalidate_all()
        self.assertFalse(plain._dealer_channel_feeding())
        self.assertEqual(dealers._dealer_channel_feeding(), dealers)
        dealers.write({"quantity": 4, "picked": True})
        dealers.picking_id.button_validate()
        stock = self.Stock.search([("partner_id", "=", self.dealer.id), ("product_id", "=", self.item_b.id)])
        self.assertEqual(stock.sell_in_qty, 4.0)

    def test_dealer_user_reads_manager_writes(self):
        Report = self.Report.with_user(self.dealer_user)
        self.assertEqual(len(Report.search([("id", "in", (self.own | self.foreign).ids)])), 2)
        self.assertTrue(self.env["dealer.channel.stock"].with_user(self.dealer_user).search_count([]))
        with self.assertRaises(AccessError):
            Report.create({"partner_id": self.dealer.id, "report_type": "stock"})
        with self.assertRaises(AccessError):
            self.own.with_user(self.dealer_user).action_reverse()
        with self.assertRaises(AccessError):
            self.env["dealer.replenishment"].with_user(self.dealer_user).search([]).unlink()


@tagged("post_install", "-at_install")
class TestDownlineReports(DealerInventoryCommon):
    """A dealer reports for the stores below it only when the company allows it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_upline = create_portal_user(cls.env, cls.fulfiller_a, "inv_portal_upline")
        cls.Import = cls.env["dealer.inventory.import"]

    def _import_as(self, user, partner):
        return self.Import.with_user(user)._dealer_import_rows(
            [["code", "qty"], ["INV-A", "3"]], partner, "stock", self.today, False, source="portal")

    def test_downline_reports_need_the_setting(self):
        Report = self.env["dealer.inventory.report"]
        before = Report.search_count([])
        self.assertFalse(self.company.dealer_inventory_downline_reports)
        with self.assertRaises(AccessError):
            self._import_as(self.portal_upline, self.store)
        self.assertEqual(Report.search_count([]), before, "nothing written")
        self.company.dealer_inventory_downline_reports = True
        report = self._import_as(self.portal_upline, self.store)
        self.assertEqual((report.partner_id, report.state, report.line_ids.quantity), (self.store, "done", 3.0))
        self.assertEqual(self._stock(self.store, self.item_a).reported_qty, 3.0)
        # the upline reads what it reported for its store; the store reads it too; others do not
        self.assertEqual(Report.with_user(self.portal_upline).search([("id", "=", report.id)]), report)
        self.assertEqual(report.line_ids.with_user(self.portal_upline).read(["quantity"])[0]["quantity"], 3.0)
        with self.assertRaises(AccessError):
            report.with_user(self.portal_dealer).read(["name"])
        self.company.dealer_inventory_downline_reports = False
        self.env.invalidate_all()
        self.assertFalse(Report.with_user(self.portal_upline).search([("id", "=", report.id)]))

    def test_never_for_another_dealers_downline(self):
        self.company.dealer_inventory_downline_reports = True
        before = self.env["dealer.inventory.report"].search_count([])
        for user, partner in ((self.portal_dealer, self.store), (self.portal_upline, self.other),
                              (self.portal_upline, self.branch)):
            with self.subTest(partner=partner.name), self.assertRaises(AccessError):
                self._import_as(user, partner)
        self.assertEqual(self.env["dealer.inventory.report"].search_count([]), before)
        self.assertEqual(self.fulfiller_a._dealer_inventory_reported_partners(), self.fulfiller_a | self.store)
        self.assertEqual(self.dealer._dealer_inventory_reported_partners(), self.dealer)
