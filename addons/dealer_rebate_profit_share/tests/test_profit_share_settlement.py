from odoo.exceptions import UserError

from odoo.addons.dealer_rebate.tests.common import DealerRebateCommon


class TestProfitShareSettlement(DealerRebateCommon):
    """Profit shares of fulfillment orders settled by profit-share policies, each once."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Share = cls.env["dealer.profit.share"]
        cls.policy = cls.Policy.create({
            "name": "分润", "kind": "profit_share", "period": "month", "target_wallet": "cash",
        })

    def _share(self, partner, amount, date="2025-05-10", state="confirmed"):
        order = self.env["sale.order"].create({"partner_id": self.customer.id})
        return self.Share.create({
            "partner_id": partner.id, "sale_order_id": order.id, "date": date, "base_amount": amount * 10,
            "rate": 10.0, "state": state,
        })

    def test_profit_share_is_a_kind_settled_from_documents(self):
        self.assertIn("profit_share", self.Policy._rebate_source_kinds())
        self.assertTrue(self.policy.uses_sources)
        self.assertFalse(self.policy.threshold_ids, "paid in full: no thresholds needed to compute")

    def test_confirmed_shares_settled_once(self):
        share_a1 = self._share(self.contact_a, 300.0)  # a contact's share goes to its company
        share_a2 = self._share(self.dealer_a, 200.0)
        share_b = self._share(self.dealer_b, 50.0)
        draft = self._share(self.dealer_b, 70.0, state="draft")
        cancelled = self._share(self.dealer_b, 80.0, state="cancelled")
        later = self._share(self.dealer_a, 40.0, date="2025-06-02")

        settlement = self._settle(self.policy, "2025-05-01", "2025-05-31", confirm=True)
        line_a = self._line(settlement, self.dealer_a)
        self.assertEqual((line_a.base_amount, line_a.rate, line_a.amount), (500.0, 100.0, 500.0))
        self.assertEqual(set(line_a.source_ids.mapped("res_id")), set((share_a1 | share_a2).ids))
        self.assertEqual(line_a.explanation, "Profit shares of fulfillment orders: 500.00.")
        self.assertEqual(self._line(settlement, self.dealer_b).amount, 50.0, "draft and cancelled shares wait")
        self.assertEqual(settlement.line_ids.partner_id, self.dealer_a | self.dealer_b)
        self.assertEqual(self.Wallet._get_wallet(self.dealer_a, "cash").balance, 500.0)
        self.assertEqual(line_a.action_view_base()["res_model"], "dealer.profit.share")
        self.assertEqual(line_a.action_view_base()["domain"], [("id", "in", line_a.source_ids.mapped("res_id"))])

        settled = share_a1 | share_a2 | share_b
        self.assertEqual(settled.mapped("settled"), [True, True, True])
        self.assertFalse((draft | cancelled | later).filtered("settled"))
        self.assertEqual(self.Share.search([("settled", "=", True), ("id", "in", settled.ids + later.ids)]), settled)
        self.assertEqual(self.Share.search([("settled", "=", False), ("id", "in", settled.ids + later.ids)]), later)
        with self.assertRaisesRegex(UserError, "Settled profit shares cannot be cancelled"):
            share_a2.action_cancel()
        self.assertEqual(share_a2.state, "confirmed")

        # the next month sees the May shares again: settled already, only June's is paid
        june = self._settle(self.policy, "2025-06-01", "2025-06-30", confirm=True)
        self.assertEqual((june.line_ids.partner_id, june.line_ids.amount), (self.dealer_a, 40.0))
        self.assertEqual(self.Wallet._get_wallet(self.dealer_a, "cash").balance, 540.0)
        self.assertFalse(self.Wallet._check_integrity(companies=self.company, notify=False))

    def test_unsettled_share_can_be_cancelled(self):
        share = self._share(self.dealer_a, 30.0)
        share.action_cancel()
        self.assertEqual(share.state, "cancelled")
        share.action_draft()
        self.assertEqual(share.state, "draft")
