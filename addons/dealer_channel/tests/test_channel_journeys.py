"""End-to-end journeys across the suite: an order goes through the catalog, the
promotion engine, the wallets, the review, the warehouse and the accounting, and
comes back as a rebate or a profit share credited to a wallet."""
from datetime import date

from odoo import Command, fields
from odoo.tests import tagged

from odoo.addons.dealer_order.tests.common import DealerOrderCommon


def _quarter(day):
    first_month = 3 * ((day.month - 1) // 3) + 1
    start = date(day.year, first_month, 1)
    end = fields.Date.subtract(fields.Date.add(start, months=3), days=1)
    return start, end


@tagged("post_install", "-at_install")
class TestChannelJourneys(DealerOrderCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Wallet = cls.env["dealer.wallet"]
        cls.Policy = cls.env["dealer.rebate.policy"]
        cls.Settlement = cls.env["dealer.rebate.settlement"]
        cls.today = fields.Date.context_today(cls.env.user)

    def _invoice(self, order):
        invoice = order._create_invoices()
        invoice.action_post()
        return invoice

    def _settle(self, policy, date_from, date_to):
        settlement = self.Settlement.create({"policy_id": policy.id, "date_from": date_from, "date_to": date_to})
        settlement.action_compute()
        settlement.action_confirm()
        return settlement

    def test_regular_order_promotion_wallet_invoice_volume_rebate(self):
        """Submit → 10 % promotion → cash split → approved and reserved → delivered →
        invoiced (paid by the wallet) → quarterly volume rebate in the rebate wallet."""
        promotion = self.env["dealer.promotion"].create({
            "name": "全场九折", "company_id": self.company.id, "date_from": self.today, "date_to": self.today,
            "rule_ids": [Command.create({"benefit_type": "percent", "value": 10})],
        })
        promotion.action_activate()
        order = self._create_order(lines=[(self.item_a, 10, 100.0), (self.item_b, 4, 50.0)])
        order.action_dealer_submit()

        self.assertEqual(order.dealer_review_state, "approved", order.dealer_review_message)
        self.assertEqual(order.state, "sale")
        self.assertAlmostEqual(order.amount_total, 1080.0, msg="1,200 less the 10 % promotion")
        self.assertEqual(order.dealer_payment_ids.wallet_id, self.cash)
        self.assertAlmostEqual(order.dealer_wallet_reserved_amount, 1080.0)
        self.assertAlmostEqual(self.cash.available_amount, 100000.0 - 1080.0)
        self.assertEqual(
            self.env["dealer.promotion.usage"].search([("sale_order_id", "=", order.id)]).promotion_id, promotion,
        )
        stock_before = self._free_qty(self.item_a, self.warehouse)
        self._validate_delivery(order)
        self.assertEqual(self._free_qty(self.item_a, self.warehouse), stock_before)  # reserved, then delivered
        self.assertEqual(self.item_a.with_context(warehouse_id=self.warehouse.id).qty_available, 990.0)

        invoice = self._invoice(order)
        self.assertEqual(invoice.payment_state, "paid", "the reserved cash pays the invoice")
        self.assertAlmostEqual(self.cash.balance, 100000.0 - 1080.0)
        self.assertAlmostEqual(self.cash.reserved_amount, 0.0)

        policy = self.Policy.create({
            "name": "季度进货返利", "kind": "volume", "period": "quarter", "target_wallet": "rebate",
            "company_id": self.company.id, "partner_ids": [Command.set(self.dealer.ids)],
            "threshold_ids": [Command.create({"min_amount": 0.0, "rate": 2.0})],
        })
        settlement = self._settle(policy, *_quarter(invoice.invoice_date))
        line = settlement.line_ids
        self.assertEqual(line.partner_id, self.dealer)
        self.assertAlmostEqual(line.base_amount, 1080.0)
        self.assertAlmostEqual(line.amount, 21.6)
        self.assertAlmostEqual(self.Wallet._get_wallet(self.dealer, "rebate").balance, 21.6)
        self.assertFalse(self.Wallet._check_integrity(companies=self.company, notify=False))

    def test_fulfillment_order_profit_share_settled_to_the_dealer_wallet(self):
        """A store's order ships from the authorized dealer's warehouse; the dealer's
        profit share is settled by a profit-share policy into its cash wallet, once."""
        self._authorize(self.fulfiller_a, self.region_e1, exclusive=True)
        order = self._create_order(partner=self.store, flow="fulfillment", lines=[(self.item_b, 20, 50.0)])
        order.action_dealer_submit()

        self.assertEqual(order.dealer_review_state, "approved", order.dealer_review_message)
        self.assertEqual(order.fulfillment_dealer_id, self.fulfiller_a)
        self.assertEqual(order.warehouse_id, self.wh_a)
        self.assertEqual(order.dealer_payment_ids.wallet_id, self.store_cash)
        self._validate_delivery(order)
        self.assertEqual(self.item_b.with_context(warehouse_id=self.wh_a.id).qty_available, 980.0)
        self.assertEqual(self.item_b.with_context(warehouse_id=self.warehouse.id).qty_available, 1000.0)

        share = order.dealer_profit_share_ids
        self.assertEqual((share.partner_id, share.state), (self.fulfiller_a, "confirmed"))
        self.assertAlmostEqual(share.amount, 100.0, msg="10 % of the 1,000 delivered")
        self.assertFalse(share.settled)

        policy = self.Policy.create({
            "name": "履约分润", "kind": "profit_share", "period": "month", "target_wallet": "cash",
            "company_id": self.company.id,
        })
        month_start = self.today.replace(day=1)
        month_end = fields.Date.subtract(fields.Date.add(month_start, months=1), days=1)
        settlement = self._settle(policy, month_start, month_end)
        self.assertEqual(settlement.state, "confirmed")
        self.assertEqual(settlement.line_ids.partner_id, self.fulfiller_a)
        self.assertAlmostEqual(self.Wallet._get_wallet(self.fulfiller_a, "cash").balance, 100.0)
        share.invalidate_recordset(["settled"])
        self.assertTrue(share.settled)
        self.assertIn(share, self.env["dealer.profit.share"].search([("settled", "=", True)]))
        # settled once: the next month sees the share again and credits nothing
        next_start = fields.Date.add(month_start, months=1)
        later = self.Settlement.create({
            "policy_id": policy.id, "date_from": next_start,
            "date_to": fields.Date.subtract(fields.Date.add(next_start, months=1), days=1),
        })
        later.action_compute()
        self.assertFalse(later.line_ids)
        self.assertFalse(self.Wallet._check_integrity(companies=self.company, notify=False))
