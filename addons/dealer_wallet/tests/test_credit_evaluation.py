from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import DealerWalletCommon


@tagged("post_install", "-at_install")
class TestCreditEvaluation(DealerWalletCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        today = fields.Date.today()
        cls.dealer.dealer_date_start = today - relativedelta(months=18)
        cls.dealer_b.dealer_date_start = today - relativedelta(months=3)
        # dealer: 120,000 invoiced, one invoice paid on time
        cls.paid_invoice = cls._past_invoice(cls.dealer, 120000.0, today - relativedelta(months=2))
        cls.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=cls.paid_invoice.ids,
        ).create({"payment_date": today - relativedelta(months=2)})._create_payments()
        # dealer_b: 60,000 invoiced, overdue
        cls.overdue_invoice = cls._past_invoice(cls.dealer_b, 60000.0, today - relativedelta(months=2))

    @classmethod
    def _past_invoice(cls, partner, amount, date):
        invoice = cls.init_invoice("out_invoice", partner=partner, invoice_date=date, amounts=[amount], taxes=[])
        invoice.invoice_date_due = date + relativedelta(days=15)
        invoice.action_post()
        return invoice

    def _evaluation(self):
        return self.env["dealer.credit.evaluation"].create({
            "partner_ids": [fields.Command.set((self.dealer | self.dealer_b).ids)],
        })

    def test_compute_scores_and_suggestion(self):
        evaluation = self._evaluation()
        with self.assertQueryCount(60):
            evaluation.action_compute()
        self.assertEqual(evaluation.state, "computed")
        line_a = evaluation.line_ids.filtered(lambda item: item.partner_id == self.dealer)
        line_b = evaluation.line_ids.filtered(lambda item: item.partner_id == self.dealer_b)
        self.assertEqual(line_a.volume, 120000.0)
        self.assertEqual(line_a.score_punctuality, 100.0)
        self.assertEqual(line_a.score_volume, 100.0)
        self.assertEqual(line_a.score_overdue, 100.0)
        self.assertEqual(line_a.tenure_months, 18)
        self.assertEqual(line_a.score_tenure, 50.0)
        # (40*100 + 15*50 + 30*100 + 15*100) / 100
        self.assertAlmostEqual(line_a.score, 92.5)
        # 120,000 / 12 * 2 months * 92.5% = 18,500 → rounded down to 18,000
        self.assertEqual(line_a.suggested_limit, 18000.0)
        self.assertEqual(line_a.current_limit, 200000.0)
        self.assertEqual(line_b.overdue_amount, 60000.0)
        self.assertEqual(line_b.score_overdue, 0.0)
        self.assertEqual(line_b.score_punctuality, 0.0)
        self.assertLess(line_b.score, line_a.score)

    def test_weights_are_configurable(self):
        self.company.write({
            "dealer_credit_weight_punctuality": 0.0, "dealer_credit_weight_tenure": 100.0,
            "dealer_credit_weight_volume": 0.0, "dealer_credit_weight_overdue": 0.0,
        })
        evaluation = self._evaluation()
        evaluation.action_compute()
        line_a = evaluation.line_ids.filtered(lambda item: item.partner_id == self.dealer)
        self.assertAlmostEqual(line_a.score, 50.0)
        self.assertEqual(evaluation.weight_tenure, 100.0)

    def test_apply_batch_keeps_history(self):
        evaluation = self._evaluation()
        evaluation.action_compute()
        line_a = evaluation.line_ids.filtered(lambda item: item.partner_id == self.dealer)
        line_b = evaluation.line_ids.filtered(lambda item: item.partner_id == self.dealer_b)
        line_a.approved_limit = 250000.0
        line_b.to_apply = False
        evaluation.action_apply()
        self.assertEqual(self.credit.credit_limit, 250000.0)
        self.assertEqual(line_a.state, "applied")
        self.assertEqual(line_b.state, "skipped")
        self.assertFalse(self.Wallet._get_wallet(self.dealer_b, "credit", create=False).credit_limit)
        self.assertIn(evaluation.name, self.credit.message_ids[0].body)
        with self.assertRaisesRegex(UserError, "history"):
            evaluation.action_cancel()
        with self.assertRaises(UserError):
            evaluation.action_apply()

    def test_bad_input(self):
        self.company.write({
            "dealer_credit_weight_punctuality": 0.0, "dealer_credit_weight_tenure": 0.0,
            "dealer_credit_weight_volume": 0.0, "dealer_credit_weight_overdue": 0.0,
        })
        evaluation = self._evaluation()
        with self.assertRaisesRegex(UserError, "positive credit weight"):
            evaluation.action_compute()
        self.assertFalse(evaluation.line_ids)
        self.assertEqual(evaluation.state, "draft")
