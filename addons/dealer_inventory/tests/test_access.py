from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

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
