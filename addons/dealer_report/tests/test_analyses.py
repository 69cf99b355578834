from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.tests import tagged

from odoo.addons.dealer_rebate.tools import period_bounds
from odoo.addons.dealer_report.tests.common import DealerReportCommon


@tagged("post_install", "-at_install")
class TestPromotionReport(DealerReportCommon):
    """A 10 % promotion on product A (budget 1,000) and a buy-2-get-1 promotion on B:
    dealer A 10 × 100 → discount 100, sales 900; dealer2 A 5 × 100 → discount 50, sales 450;
    dealer B 4 × 50 → 2 free units worth 50 each; an order cancelled after confirmation
    (A 1 × 100) leaves no usage."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        today = fields.Date.today()
        Promotion = cls.env["dealer.promotion"]
        cls.percent = Promotion.create({
            "name": "报表九折促销", "company_id": cls.company.id, "budget": 1000.0,
            "date_from": today - relativedelta(days=5), "date_to": today + relativedelta(days=5),
            "rule_ids": [Command.create({"benefit_type": "percent", "value": 10.0, "product_ids": cls.item_a.ids})],
        })
        cls.free = Promotion.create({
            "name": "报表买二赠一", "company_id": cls.company.id,
            "date_from": today - relativedelta(days=5), "date_to": today + relativedelta(days=5),
            "rule_ids": [Command.create({"benefit_type": "free_product", "buy_qty": 2, "free_qty": 1,
                                         "product_ids": cls.item_b.ids})],
        })
        (cls.percent | cls.free).action_activate()
        now = fields.Datetime.now()
        cls._confirmed(cls.dealer, now, [(cls.item_a, 10, 100.0)])
        cls._confirmed(cls.dealer2, now, [(cls.item_a, 5, 100.0)])
        cls.free_order = cls._confirmed(cls.dealer, now, [(cls.item_b, 4, 50.0)])
        cancelled = cls._confirmed(cls.dealer2, now, [(cls.item_a, 1, 100.0)])
        cancelled._action_cancel()
        cls.env.flush_all()
        cls.month = today.replace(day=1)

    def test_percent_promotion(self):
        row = self.env["dealer.promotion.report"].search([("promotion_id", "=", self.percent.id)])
        self.assertEqual(len(row), 1)
        self.assertRecordValues(row, [{
            "date": self.month, "order_count": 2, "dealer_count": 2, "discount_amount": 150.0,
            "free_amount": 0.0, "benefit_amount": 150.0, "sales_amount": 1350.0, "budget": 1000.0,
            "budget_used": 150.0, "budget_used_percent": 15.0, "company_id": self.company.id,
        }])
        self.assertAlmostEqual(row.cost_percent, 150.0 / 1350.0 * 100, places=4)

    def test_free_goods_promotion(self):
        row = self.env["dealer.promotion.report"].search([("promotion_id", "=", self.free.id)])
        self.assertRecordValues(row, [{
            "order_count": 1, "dealer_count": 1, "discount_amount": 0.0, "free_qty": 2.0,
            "free_amount": 100.0, "benefit_amount": 100.0, "budget": 0.0, "budget_used_percent": 0.0,
        }])
        self.assertAlmostEqual(row.sales_amount, self.free_order.amount_untaxed)


@tagged("post_install", "-at_install")
class TestCreditExposure(DealerReportCommon):
    """dealer: cash 100,000 (the fixture), a credit wallet with a 5,000 limit and a 2,000
    special quota valid today, and open invoices due in 5 days (100), 10 (200), 45 (300),
    75 (400) and 120 (500) days ago, plus a credit note of 50 (not due)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        today = fields.Date.today()
        cls.credit = cls.env["dealer.wallet"]._get_wallet(cls.dealer, "credit")
        cls.credit.credit_limit = 5000.0
        cls.env["dealer.wallet.quota"].create({
            "wallet_id": cls.credit.id, "name": "专项", "amount": 2000.0,
            "date_from": today - relativedelta(days=1), "date_to": today + relativedelta(days=30),
        })
        cls.env["dealer.wallet.quota"].create({
            "wallet_id": cls.credit.id, "name": "已过期", "amount": 999.0,
            "date_from": today - relativedelta(days=60), "date_to": today - relativedelta(days=30),
        })
        for days, amount in ((-5, 100.0), (10, 200.0), (45, 300.0), (75, 400.0), (120, 500.0)):
            cls._invoice(cls.dealer, today - relativedelta(days=days), amount)
        cls._invoice(cls.dealer, today, 50.0, refund=True)
        cls.env.flush_all()

    @classmethod
    def _invoice(cls, partner, due, amount, refund=False):
        move = cls.env["account.move"].create({
            "move_type": "out_refund" if refund else "out_invoice", "partner_id": partner.id,
            "invoice_date": min(due, fields.Date.today()), "invoice_date_due": due,
            "invoice_line_ids": [Command.create({"product_id": cls.item_a.id, "quantity": 1, "price_unit": amount,
                                                 "tax_ids": [Command.clear()]})],
        })
        move.action_post()
        return move

    def test_exposure_and_aging(self):
        row = self.env["dealer.credit.exposure"].search([("partner_id", "=", self.dealer.id),
                                                          ("company_id", "=", self.company.id)])
        self.assertRecordValues(row, [{
            "cash_balance": 100000.0, "cash_available": self.cash.available_amount,
            "credit_limit": 5000.0, "quota_amount": 2000.0, "credit_used": 0.0,
            "credit_available": self.credit.available_amount, "over_limit": False,
            "receivable_amount": 1450.0, "current_amount": 50.0, "overdue_1_30": 200.0, "overdue_31_60": 300.0,
            "overdue_61_90": 400.0, "overdue_90": 500.0, "overdue_amount": 1400.0,
            "dealer_region_id": self.region_e1.id, "dealer_region_root_id": self.region_east.id,
        }])
        self.assertEqual(self.credit.available_amount, 7000.0)
        by_region = self.env["dealer.credit.exposure"].read_group(
            [("dealer_region_id", "child_of", self.region_east.id)], ["overdue_90:sum"], ["dealer_region_root_id"])
        self.assertEqual(by_region[0]["overdue_90"], 500.0)

    def test_customer_not_a_dealer_is_absent(self):
        self._invoice(self.customer, fields.Date.today() - relativedelta(days=40), 70.0)
        self.env.flush_all()
        self.assertFalse(self.env["dealer.credit.exposure"].search([("partner_id", "=", self.customer.id)]))


@tagged("post_install", "-at_install")
class TestReviewKpi(DealerReportCommon):
    """Six submissions in one month (regular flow): two approved by the rules (0 and 1 h
    to decision), one held then approved after 2 h, one held then rejected after 10 h,
    one rejected by the rules (0 h), one still held. Decided times: 0, 0, 1, 2, 10 →
    median 1 h, p90 = 2 + 0.6 × (10 − 2) = 6.8 h."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Log = cls.env["dealer.review.log"].sudo()
        cls.stock_rule, cls.payment_rule = cls.rules["stock"], cls.rules["payment"]
        base = fields.Datetime.to_datetime("2025-06-10 08:00:00")
        plan = [  # (submit state, decision event, decision state, hours, failed rules)
            ("approved", None, None, 0.0, []),
            ("approved", None, None, 1.0, []),
            ("held", "approve", "approved", 2.0, [cls.stock_rule]),
            ("held", "reject", "rejected", 10.0, [cls.stock_rule, cls.payment_rule]),
            ("rejected", None, None, 0.0, [cls.payment_rule]),
            ("held", None, None, 0.0, [cls.stock_rule]),
        ]
        for index, (state, event, decision, hours, failed) in enumerate(plan):
            order = cls._create_order(partner=cls.dealer)
            submitted = base + relativedelta(days=index)
            Log.create({
                "order_id": order.id, "partner_id": cls.dealer.id, "dealer_flow": "regular", "event": "submit",
                "state": state, "automatic": True, "date": submitted, "submit_date": submitted,
                "decision_hours": hours if state != "held" else 0.0,
                "line_ids": [Command.create({"rule_id": rule.id, "action": rule.action, "passed": False})
                             for rule in failed],
            })
            if event:
                Log.create({
                    "order_id": order.id, "partner_id": cls.dealer.id, "dealer_flow": "regular", "event": event,
                    "state": decision, "automatic": False, "date": submitted + relativedelta(hours=hours),
                    "submit_date": submitted, "decision_hours": hours,
                })
        cls.env.flush_all()

    def test_kpis(self):
        row = self.env["dealer.review.kpi"].search([("date", "=", "2025-06-01"), ("company_id", "=", self.company.id)])
        self.assertRecordValues(row, [{
            "dealer_flow": "regular", "submitted_count": 6, "auto_approved_count": 2, "held_count": 3,
            "approved_count": 3, "rejected_count": 2, "pending_count": 1,
        }])
        self.assertAlmostEqual(row.auto_approved_percent, 100.0 / 3, places=4)
        self.assertAlmostEqual(row.decision_median_hours, 1.0)
        self.assertAlmostEqual(row.decision_p90_hours, 6.8)

    def test_held_by_rule(self):
        groups = self.env["dealer.review.hold.report"].read_group(
            [("partner_id", "=", self.dealer.id), ("date", ">=", "2025-06-01"), ("date", "<", "2025-07-01")],
            ["rule_id"], ["rule_id"])
        self.assertEqual({g["rule_id"][0]: g["rule_id_count"] for g in groups},
                         {self.stock_rule.id: 3, self.payment_rule.id: 2})

    def test_real_submission_feeds_the_kpis(self):
        order = self._create_order(partner=self.dealer, lines=[(self.item_a, 2, 100.0)])
        order.action_dealer_submit()
        self.assertEqual(order.dealer_review_state, "approved")
        self.env.flush_all()
        month = fields.Date.today().replace(day=1)
        row = self.env["dealer.review.kpi"].search([("date", "=", month), ("company_id", "=", self.company.id),
                                                    ("dealer_flow", "=", "regular")])
        self.assertEqual((row.submitted_count, row.auto_approved_count), (1, 1))


@tagged("post_install", "-at_install")
class TestRebateReport(DealerReportCommon):
    """A 2 % quarterly volume rebate for the dealer: last quarter's invoice of 5,000 is
    settled and credited (100); this quarter's invoice of 10,000 accrues 200."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        today = fields.Date.today()
        cls.current = period_bounds(today, "quarter")
        cls.previous = period_bounds(cls.current[0] - relativedelta(days=1), "quarter")
        cls.policy = cls.env["dealer.rebate.policy"].create({
            "name": "报表季度返利", "kind": "volume", "period": "quarter",
            "partner_ids": [Command.set(cls.dealer.ids)],
            "threshold_ids": [Command.create({"min_amount": 0.0, "rate": 2.0})],
        })
        for date, amount in ((cls.previous[0], 5000.0), (today, 10000.0)):
            move = cls.env["account.move"].create({
                "move_type": "out_invoice", "partner_id": cls.dealer.id, "invoice_date": date,
                "invoice_line_ids": [Command.create({"product_id": cls.item_a.id, "quantity": 1,
                                                     "price_unit": amount, "tax_ids": [Command.clear()]})],
            })
            move.action_post()
        settlement = cls.env["dealer.rebate.settlement"].create({
            "policy_id": cls.policy.id, "date_from": cls.previous[0], "date_to": cls.previous[1],
        })
        settlement.action_compute()
        settlement.action_confirm()
        cls.env["dealer.rebate.accrual"]._refresh(cls.policy)
        cls.env.flush_all()

    def test_accrued_and_settled(self):
        rows = self.env["dealer.rebate.report"].search([("policy_id", "=", self.policy.id)], order="date_from")
        self.assertRecordValues(rows, [
            {"partner_id": self.dealer.id, "date_from": self.previous[0], "accrued_amount": 0.0,
             "to_credit_amount": 0.0, "credited_amount": 100.0, "settled_amount": 100.0},
            {"partner_id": self.dealer.id, "date_from": self.current[0], "accrued_amount": 200.0,
             "to_credit_amount": 0.0, "credited_amount": 0.0, "settled_amount": 0.0},
        ])
