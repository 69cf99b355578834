from psycopg2.errors import CheckViolation

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import DealerInventoryCommon


@tagged("post_install", "-at_install")
class TestInventoryReport(DealerInventoryCommon):

    def test_sequence_names_and_chatter(self):
        sellout = self.Report.with_context(tracking_disable=False, mail_notrack=False).create({
            "partner_id": self.dealer.id, "report_type": "sellout", "date": self._days_ago(3),
            "date_from": self._days_ago(5), "line_ids": [Command.create({"product_id": self.item_a.id, "quantity": 5})],
        })
        self.env.cr.precommit.run()  # as if created in an earlier transaction (creation is not tracked)
        sellout.action_done()
        self.env.cr.precommit.run()  # tracking values are written when the transaction commits
        self.env.invalidate_all()
        count = self._report(self.dealer, "stock", [(self.item_a, 5)], days_ago=1)
        self.assertTrue(sellout.name.startswith("SOUT/"), sellout.name)
        self.assertTrue(count.name.startswith("CNT/"), count.name)
        self.assertFalse(count.date_from)
        tracked = sellout.message_ids.tracking_value_ids.filtered(lambda value: value.field_id.name == "state")
        self.assertEqual(tracked.new_value_char, "Done")

    def test_validation_errors_are_listed_and_nothing_changes(self):
        self._report(self.dealer, "sellout", [(self.item_a, 5)], days_ago=5, period=5)
        report = self._report(self.dealer, "sellout", [(self.item_c, 5)], days_ago=2, period=5, done=False)
        with self.assertRaises(UserError) as caught:
            report.action_done()
        message = str(caught.exception)
        self.assertIn(self.item_c.display_name, message)
        self.assertIn("overlaps", message)
        self.assertEqual(report.state, "draft")
        self.assertEqual(report.name, "/")

    def test_future_date_negative_quantity_and_non_dealer(self):
        with self.assertRaises(ValidationError):
            self._report(self.dealer, "stock", [(self.item_a, 5)], days_ago=-1, done=False)
        with self.assertRaises(CheckViolation), mute_logger("odoo.sql_db"):
            self._report(self.dealer, "stock", [(self.item_a, -1)], done=False)
        customer = self.env["res.partner"].create({"name": "非经销商"})
        with self.assertRaises(ValidationError):
            self._report(customer, "stock", [(self.item_a, 1)], done=False)

    def test_clients_cannot_set_the_state(self):
        user = self.env["res.users"].create({
            "name": "Inv Manager", "login": "inv_manager",
            "groups_id": [Command.set(self.env.ref("dealer_base.group_dealer_manager").ids)],
        })
        Report = self.Report.with_user(user)
        with self.assertRaises(UserError):
            Report.create({"partner_id": self.dealer.id, "report_type": "stock", "state": "done",
                           "line_ids": [Command.create({"product_id": self.item_a.id, "quantity": 1})]})
        report = Report.create({"partner_id": self.dealer.id, "report_type": "stock",
                                "line_ids": [Command.create({"product_id": self.item_a.id, "quantity": 1})]})
        with self.assertRaises(UserError):
            report.write({"state": "done"})
        report.action_done()
        self.assertEqual(report.state, "done")

    def test_stock_report_not_reversible(self):
        count = self._report(self.dealer, "stock", [(self.item_a, 5)])
        with self.assertRaises(UserError):
            count.action_reverse()
