from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.tests import HttpCase, tagged

from ..tools import last_closed_period


@tagged("post_install", "-at_install")
class TestRebateTour(HttpCase):
    """The main journey in the browser: settle the last quarter of a policy from its
    form, review, confirm; the dealer's rebate wallet is credited."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company._dealer_wallet_setup_accounting()
        cls.dealer = cls.env["res.partner"].create({
            "name": "Tour Dealer", "is_company": True, "dealer_state": "active",
            "dealer_level_id": cls.env.ref("dealer_base.dealer_level_l1").id,
        })
        product = cls.env["product.product"].create({"name": "Tour Product", "list_price": 100.0,
                                                     "taxes_id": [Command.clear()]})
        today = fields.Date.context_today(cls.env.user)
        invoice = cls.env["account.move"].create({
            "move_type": "out_invoice",
            "partner_id": cls.dealer.id,
            "invoice_date": today - relativedelta(months=3),
            "invoice_line_ids": [Command.create({"product_id": product.id, "quantity": 100, "price_unit": 100.0,
                                                 "tax_ids": [Command.clear()]})],
        })
        invoice.action_post()
        cls.policy = cls.env["dealer.rebate.policy"].create({
            "name": "Tour Volume Rebate", "kind": "volume", "period": "quarter", "auto_prepare": False,
            "partner_ids": [Command.set(cls.dealer.ids)],
            "threshold_ids": [Command.create({"min_amount": 5000.0, "rate": 2.0})],
        })
        cls.date_from = last_closed_period(today, "quarter")[0]

    def test_settle_last_quarter(self):
        self.start_tour("/odoo/action-dealer_rebate.dealer_rebate_policy_action", "dealer_rebate_settle_tour",
                        login="admin", timeout=180)
        settlement = self.env["dealer.rebate.settlement"].search([("policy_id", "=", self.policy.id)])
        self.assertEqual((settlement.state, settlement.date_from, settlement.amount_total),
                         ("confirmed", self.date_from, 200.0))
        self.assertEqual(self.env["dealer.wallet"]._get_wallet(self.dealer, "rebate").balance, 200.0)
