from datetime import timedelta

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import DealerOrderCommon


@tagged("post_install", "-at_install")
class TestPresale(DealerOrderCommon):

    def _submit_presale(self, qty=100, price=100.0, **vals):
        order = self._create_order(flow="presale", lines=[(self.item_a, qty, price)], **vals)
        self.assertAlmostEqual(order.deposit_ratio, 0.3)
        self.assertEqual(order.deposit_balance_due_date, fields.Date.context_today(order) + timedelta(days=30))
        order.action_dealer_submit()
        return order

    def test_deposit_blocked_delivery_balance_delivery(self):
        order = self._submit_presale()
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.deposit_state, "deposit_paid")
        self.assertAlmostEqual(order.deposit_amount, 3000.0)
        self.assertAlmostEqual(sum(order.dealer_payment_ids.mapped("amount")), 3000.0)
        self.assertAlmostEqual(self.cash.reserved_amount, 3000.0)
        picking = order.picking_ids
        self.assertEqual(picking.state, "assigned", "the goods are reserved")
        with self.assertRaisesRegex(UserError, "balance"), self.env.cr.savepoint():
            self._validate_delivery(order)
        self.assertNotEqual(picking.state, "done")
        order.action_deposit_pay_balance()
        self.assertEqual(order.deposit_state, "balance_paid")
        self.assertAlmostEqual(sum(order.dealer_payment_ids.mapped("amount")), 10000.0)
        self.assertAlmostEqual(self.cash.reserved_amount, 10000.0)
        self._validate_delivery(order)
        self.assertEqual(picking.state, "done")
        invoice = order._create_invoices()
        invoice.action_post()
        self.assertAlmostEqual(self.cash.reserved_amount, 0.0)
        self.assertAlmostEqual(self.cash.balance, 90000.0)
        self.assertFalse(self.env["dealer.wallet"]._check_integrity(companies=self.company, notify=False))

    def test_exact_deposit_amount(self):
        order = self._create_order(flow="presale", lines=[(self.item_a, 100, 100.0)])
        order.deposit_amount = 2500.0
        order.action_dealer_submit()
        self.assertEqual(order.deposit_state, "deposit_paid")
        self.assertAlmostEqual(sum(order.dealer_payment_ids.mapped("amount")), 2500.0)

    def test_balance_insufficient_nothing_changed(self):
        order = self._submit_presale(qty=100, price=1500.0)  # deposit 45,000 of 150,000
        self.assertEqual(order.deposit_state, "deposit_paid")
        lines = order.dealer_payment_ids
        with self.assertRaisesRegex(UserError, "cannot pay the balance"), self.env.cr.savepoint():
            order.action_deposit_pay_balance()
        self.assertEqual(order.dealer_payment_ids, lines)
        self.assertEqual(order.deposit_state, "deposit_paid")
        self.assertAlmostEqual(self.cash.reserved_amount, 45000.0)

    def test_balance_may_use_credit_deposit_may_not(self):
        credit = self.env["dealer.wallet"]._get_wallet(self.dealer, "credit")
        credit.credit_limit = 500000.0
        order = self._submit_presale(qty=100, price=1500.0)
        self.assertEqual(order.dealer_payment_ids.mapped("wallet_type"), ["cash"])
        order.action_deposit_pay_balance()
        self.assertEqual(order.deposit_state, "balance_paid")
        self.assertIn("credit", order.dealer_payment_ids.mapped("wallet_type"))
        # a deposit put on credit by hand is refused by the review
        order2 = self._create_order(flow="presale", lines=[(self.item_a, 10, 100.0)])
        order2.dealer_payment_ids = [(0, 0, {"wallet_id": credit.id, "amount": 300.0})]
        order2.action_dealer_submit()
        self.assertEqual(order2.dealer_review_state, "held")
        self.assertIn("not with credit", order2.dealer_review_message)

    def test_no_deposit_without_cash(self):
        self.cash._debit(100000.0, kind="consume", counterpart_account=self.company_data["default_account_revenue"])
        order = self._submit_presale()
        self.assertEqual(order.dealer_review_state, "held")
        self.assertEqual(order.state, "draft")

    def _expire(self, order):
        order.deposit_balance_due_date = fields.Date.today() - timedelta(days=1)
        self.env["sale.order"]._cron_deposit_expire()

    def test_expiry_forfeit(self):
        self.company.dealer_deposit_expiry_policy = "forfeit"
        order = self._submit_presale()
        other = self._submit_presale()
        other.action_deposit_pay_balance()
        self._expire(order)
        self._expire(other)
        self.assertEqual(order.state, "cancel")
        self.assertEqual(order.deposit_state, "expired")
        self.assertEqual(other.deposit_state, "balance_paid", "paid orders never expire")
        self.assertTrue(all(picking.state == "cancel" for picking in order.picking_ids))
        self.assertAlmostEqual(self.cash.balance, 97000.0)
        self.assertAlmostEqual(self.cash.reserved_amount, 10000.0)
        forfeit = order.dealer_wallet_transaction_ids.filtered(lambda t: t.kind == "deposit")
        self.assertAlmostEqual(forfeit.amount, -3000.0)
        income = self.company.dealer_deposit_forfeit_account_id
        lines = forfeit.move_id.line_ids
        self.assertAlmostEqual(lines.filtered(lambda line: line.account_id == income).credit, 3000.0)
        advance = self.company.dealer_wallet_advance_account_id
        self.assertAlmostEqual(lines.filtered(lambda line: line.account_id == advance).debit, 3000.0)
        self.assertIn("forfeited", order.message_ids[0].body)
        self.assertFalse(self.env["dealer.wallet"]._check_integrity(companies=self.company, notify=False))

    def test_expiry_refund(self):
        self.company.dealer_deposit_expiry_policy = "refund"
        order = self._submit_presale()
        self._expire(order)
        self.assertEqual(order.state, "cancel")
        self.assertEqual(order.deposit_state, "expired")
        self.assertAlmostEqual(self.cash.balance, 100000.0)
        self.assertAlmostEqual(self.cash.reserved_amount, 0.0)
        self.assertFalse(order.dealer_wallet_transaction_ids.filtered(lambda t: t.kind == "deposit"))
        self.assertIn("refunded", order.message_ids[0].body)
        self.assertFalse(self.env["dealer.wallet"]._check_integrity(companies=self.company, notify=False))

    def test_pay_balance_bad_input(self):
        regular = self._create_order()
        regular.action_dealer_submit()
        with self.assertRaisesRegex(UserError, "not paid by deposit"):
            regular.action_deposit_pay_balance()
        draft = self._create_order(flow="presale")
        with self.assertRaisesRegex(UserError, "only once its deposit is paid"):
            draft.action_deposit_pay_balance()

    def test_deposit_hook(self):
        order = self._create_order(flow="presale")
        self.assertTrue(order._dealer_is_deposit_order())
        self.assertFalse(self._create_order()._dealer_is_deposit_order())

    def test_cancel_and_resubmit(self):
        order = self._submit_presale()
        order.with_context(disable_cancel_warning=True).action_cancel()
        self.assertAlmostEqual(self.cash.reserved_amount, 0.0)
        order.action_draft()
        self.assertEqual(order.dealer_review_state, "draft")
        self.assertFalse(order.deposit_state)
        order.action_dealer_submit()
        self.assertEqual(order.deposit_state, "deposit_paid")
        self.assertAlmostEqual(self.cash.reserved_amount, 3000.0)

    def test_contract_names(self):
        """The SPEC names of the deposit fields and methods (presale_*) read and write
        the deposit fields, and pay the balance."""
        order = self._create_order(flow="presale", lines=[(self.item_a, 100, 100.0)])
        self.assertAlmostEqual(order.presale_deposit_ratio, 0.3)
        order.presale_deposit_ratio = 0.25
        self.assertAlmostEqual(order.deposit_ratio, 0.25)
        self.assertAlmostEqual(order.presale_deposit_amount, 2500.0)
        order.presale_deposit_amount = 2000.0
        self.assertAlmostEqual(order.deposit_amount, 2000.0)
        due = fields.Date.today() + timedelta(days=10)
        order.presale_balance_due_date = due
        self.assertEqual(order.deposit_balance_due_date, due)
        order.action_dealer_submit()
        self.assertEqual((order.deposit_state, order.presale_state), ("deposit_paid", "deposit_paid"))
        Order = self.env["sale.order"]
        self.assertEqual(Order.search([("presale_state", "=", "deposit_paid"), ("id", "=", order.id)]), order)
        self.assertEqual(Order._fields["presale_state"].get_values(self.env),
                         ["deposit_paid", "balance_paid", "expired"])
        self.assertTrue(order.action_presale_pay_balance())
        self.assertEqual(order.presale_state, "balance_paid")
        self.assertAlmostEqual(sum(order.dealer_payment_ids.mapped("amount")), 10000.0)
        # the expiry under its earlier name
        other = self._submit_presale()
        other.presale_balance_due_date = fields.Date.today() - timedelta(days=1)
        Order._cron_presale_expire()
        self.assertEqual(other.presale_state, "expired")
        created = self._create_order(flow="presale", presale_deposit_ratio=0.5)
        self.assertAlmostEqual(created.deposit_ratio, 0.5)
        self.assertAlmostEqual(created.deposit_amount, 500.0)
