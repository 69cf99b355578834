from psycopg2 import IntegrityError

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import DealerWalletCommon


@tagged("post_install", "-at_install")
class TestWalletLedger(DealerWalletCommon):
    def test_setup_accounting_defaults(self):
        self.assertEqual(self.accounting["journal"].type, "general")
        self.assertEqual(self.accounting["advance"].account_type, "liability_current")
        self.assertEqual(self.accounting["rebate_liability"].account_type, "liability_current")
        self.assertEqual(self.accounting["rebate_expense"].account_type, "expense")
        # idempotent
        self.company._dealer_wallet_setup_accounting()
        self.assertEqual(self.company.dealer_wallet_advance_account_id, self.accounting["advance"])

    def test_topup_posts_balanced_entry_and_ledger(self):
        transaction = self.cash.transaction_ids.filtered(lambda t: t.kind == "topup")
        self.assertEqual(len(transaction), 1)
        self.assertEqual(transaction.amount, 100000.0)
        self.assertEqual(transaction.balance_after, 100000.0)
        move = transaction.move_id
        self.assertEqual(move.state, "posted")
        self.assertEqual(move.journal_id, self.bank_journal)
        self.assertAlmostEqual(sum(move.line_ids.mapped("debit")), sum(move.line_ids.mapped("credit")))
        advance_line = move.line_ids.filtered(lambda item: item.account_id == self.accounting["advance"])
        self.assertEqual(advance_line.credit, 100000.0)
        self.assertEqual(advance_line.partner_id, self.dealer)
        debit_lines = move.line_ids.filtered(lambda item: item.debit)
        self.assertEqual(debit_lines.account_id, self.bank_journal.default_account_id)
        self.assertEqual(self.cash.balance, 100000.0)
        self.assertEqual(self._gl_balance(self.accounting["advance"], self.dealer), 100000.0)

    def test_rebate_grant_entry(self):
        transaction = self.rebate.transaction_ids
        self.assertEqual(transaction.kind, "rebate_grant")
        lines = transaction.move_id.line_ids
        self.assertEqual(lines.filtered(lambda item: item.debit).account_id, self.accounting["rebate_expense"])
        self.assertEqual(lines.filtered(lambda item: item.credit).account_id, self.accounting["rebate_liability"])
        self.assertEqual(self._gl_balance(self.accounting["rebate_liability"], self.dealer), 50000.0)

    def test_topup_wizard(self):
        wizard = self.env["dealer.wallet.topup"].create({
            "partner_id": self.dealer.id, "wallet_type": "cash", "amount": 2500.0,
            "journal_id": self.bank_journal.id, "memo": "工行转账",
        })
        wizard.action_confirm()
        self.assertEqual(self.cash.balance, 102500.0)
        self.assertEqual(self.cash.transaction_ids[:1].memo, "工行转账")

    def test_bad_topups_write_nothing(self):
        count = self.env["dealer.wallet.transaction"].search_count([])
        moves = self.env["account.move"].search_count([])
        for amount in (0.0, -10.0):
            wizard = self.env["dealer.wallet.topup"].create({
                "partner_id": self.dealer.id, "wallet_type": "cash", "amount": amount,
                "journal_id": self.bank_journal.id,
            })
            with self.assertRaisesRegex(UserError, "must be positive"):
                wizard.action_confirm()
        with self.assertRaisesRegex(UserError, "bank or cash journal"):
            self.cash._topup(10.0, journal=self.company_data["default_journal_sale"])
        with self.assertRaises(UserError):
            self.credit._topup(10.0)
        self.assertEqual(self.env["dealer.wallet.transaction"].search_count([]), count)
        self.assertEqual(self.env["account.move"].search_count([]), moves)
        self.assertEqual(self.cash.balance, 100000.0)

    def test_debit_idempotent_and_overdraft(self):
        first = self.cash._debit(300.0, kind="deposit", idempotency_key="req-1", origin="presale")
        again = self.cash._debit(300.0, kind="deposit", idempotency_key="req-1", origin="presale")
        self.assertEqual(first, again)
        self.assertEqual(self.cash.balance, 99700.0)
        # the deposit left an outstanding credit on the dealer's receivable
        receivable = first.move_id.line_ids.filtered(lambda item: item.account_id.account_type == "asset_receivable")
        self.assertEqual(receivable.credit, 300.0)
        with self.assertRaisesRegex(UserError, "another amount"):
            self.cash._debit(301.0, idempotency_key="req-1")
        with self.assertRaisesRegex(UserError, "Insufficient funds"):
            self.cash._debit(99700.01, idempotency_key="req-2")
        self.assertFalse(self.cash.transaction_ids.filtered(lambda t: t.idempotency_key == "req-2"))
        self.cash._debit(99700.0, idempotency_key="req-3")
        self.assertEqual(self.cash.balance, 0.0)
        self.assertEqual(self._gl_balance(self.accounting["advance"], self.dealer), 0.0)

    def test_credit_refund(self):
        self.cash._debit(1000.0, kind="deposit", idempotency_key="dep-1")
        refund = self.cash._credit(1000.0, kind="refund", idempotency_key="ref-1", origin="presale expired")
        self.assertEqual(refund.amount, 1000.0)
        self.assertEqual(self.cash.balance, 100000.0)
        with self.assertRaisesRegex(UserError, "positive"):
            self.cash._credit(0.0)

    def test_ledger_is_immutable(self):
        transaction = self.cash.transaction_ids[:1]
        with self.assertRaisesRegex(UserError, "cannot be modified"):
            transaction.write({"amount": 1.0})
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            transaction.unlink()
        with self.assertRaisesRegex(UserError, "not by hand"):
            self.env["dealer.wallet.transaction"].create({
                "wallet_id": self.cash.id, "kind": "topup", "amount": 5.0,
            })
        self.assertEqual(transaction.amount, 100000.0)

    def test_reversal(self):
        grant = self.rebate.transaction_ids
        reversal = grant.action_reverse()
        self.assertEqual(grant.state, "reversed")
        self.assertEqual(grant.reversed_by_id, reversal)
        self.assertEqual(reversal.amount, -50000.0)
        self.assertEqual(self.rebate.balance, 0.0)
        self.assertEqual(reversal.move_id.reversed_entry_id, grant.move_id)
        self.assertEqual(self._gl_balance(self.accounting["rebate_liability"], self.dealer), 0.0)
        with self.assertRaisesRegex(UserError, "already reversed"):
            grant.action_reverse()
        with self.assertRaisesRegex(UserError, "cannot be reversed"):
            reversal.action_reverse()

    def test_reversal_cannot_overdraw(self):
        self.cash._debit(100000.0, idempotency_key="all")
        topup = self.cash.transaction_ids.filtered(lambda t: t.kind == "topup")
        with self.assertRaisesRegex(UserError, "below zero"):
            topup.action_reverse()
        self.assertEqual(topup.state, "posted")

    def test_quota_expiry(self):
        quota = self.env["dealer.wallet.quota"].create({
            "wallet_id": self.credit.id, "name": "old promo", "amount": 1000.0,
            "date_from": fields.Date.add(fields.Date.today(), days=-20),
            "date_to": fields.Date.add(fields.Date.today(), days=-1),
        })
        self.assertEqual(quota.available_amount, 0.0, "an out-of-date quota cannot be used")
        self.env["dealer.wallet"]._cron_expire_quotas()
        self.assertEqual(quota.state, "expired")
        expiry = quota.transaction_ids
        self.assertEqual((expiry.kind, expiry.amount, expiry.effect), ("quota_expiry", -1000.0, "none"))
        self.assertEqual(self.quota.state, "active")
        self.assertEqual(self.credit.available_amount, 350000.0)

    def test_quota_and_wallet_constraints(self):
        with self.assertRaises(ValidationError), mute_logger("odoo.sql_db"):
            self.env["dealer.wallet.quota"].create({
                "wallet_id": self.cash.id, "name": "x", "amount": 10.0, "date_to": fields.Date.today(),
            })
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"), self.cr.savepoint():
            self.env["dealer.wallet"].create({"partner_id": self.dealer.id, "wallet_type": "cash"})
        with self.assertRaisesRegex(UserError, "Only credit wallets"):
            self.cash.credit_limit = 10.0

    def test_integrity_check(self):
        self.assertFalse(self.env["dealer.wallet"]._check_integrity(companies=self.company))
        # a manual entry on the advance account breaks ledger = GL for this dealer
        move = self.env["account.move"].create({
            "move_type": "entry",
            "journal_id": self.company_data["default_journal_misc"].id,
            "line_ids": [
                fields.Command.create({"account_id": self.accounting["advance"].id, "partner_id": self.dealer.id,
                                       "debit": 0.0, "credit": 123.0}),
                fields.Command.create({"account_id": self.company_data["default_account_revenue"].id,
                                       "debit": 123.0, "credit": 0.0}),
            ],
        })
        move.action_post()
        differences = self.env["dealer.wallet"]._check_integrity(companies=self.company)
        self.assertEqual(len(differences), 1)
        self.assertEqual(differences[0]["partner"], self.dealer)
        self.assertEqual((differences[0]["expected"], differences[0]["actual"]), (100000.0, 100123.0))
        activity = self.env["mail.activity"].search([
            ("res_model", "=", "res.partner"), ("res_id", "=", self.dealer.id),
        ])
        self.assertEqual(len(activity), 1)
        self.assertIn("100,123.00", activity.note)
        # run again: the same activity is updated, not duplicated
        self.env["dealer.wallet"]._check_integrity(companies=self.company)
        self.assertEqual(self.env["mail.activity"].search_count(
            [("res_model", "=", "res.partner"), ("res_id", "=", self.dealer.id)]), 1)

    def test_debit_query_count(self):
        self.cash._debit(1.0, idempotency_key="warm")
        self.env.invalidate_all()
        # measured 13 and 14 (16 before the transactions' related fields were precomputed)
        with self.assertQueryCount(13):
            self.cash._debit(1.0, idempotency_key="hot-1", create_move=False)
        self.env.invalidate_all()
        with self.assertQueryCount(14):
            self.credit._debit(1.0, idempotency_key="hot-2")

    def test_setup_accounting_chinese_chart(self):
        company = self.env["res.company"].create({"name": "中国分公司", "currency_id": self.env.ref("base.CNY").id})
        self.env["account.journal"].create({
            "name": "银行", "code": "BNKC", "type": "bank", "company_id": company.id,
        })
        company.chart_template = "cn"
        company._dealer_wallet_setup_accounting()
        self.assertEqual(company.dealer_wallet_journal_id.code, "DWLT")
        self.assertEqual(company.dealer_wallet_advance_account_id.with_company(company).code, "220300")
        self.assertEqual(company.dealer_wallet_rebate_account_id.with_company(company).code, "224101")
        self.assertEqual(company.dealer_wallet_rebate_expense_account_id.with_company(company).code, "660101")
        self.assertEqual(company.dealer_wallet_advance_account_id.name, "预收账款")
        self.assertEqual(company.dealer_wallet_topup_journal_id.code, "BNKC")

    def test_no_chart_clear_error(self):
        company = self.env["res.company"].create({"name": "No Chart Co"})
        with self.assertRaisesRegex(UserError, "install a chart of accounts"):
            company._dealer_wallet_accounting()

    def test_grant_to_cash_wallet_and_custom_counterpart(self):
        grant = self.Wallet._grant(self.dealer, "cash", 800.0, "freight subsidy Q3", idempotency_key="grant-1")
        self.assertEqual(self.Wallet._grant(self.dealer, "cash", 800.0, "freight subsidy Q3",
                                            idempotency_key="grant-1"), grant)
        lines = grant.move_id.line_ids
        self.assertEqual(lines.filtered(lambda item: item.debit).account_id, self.accounting["rebate_expense"])
        self.assertEqual(lines.filtered(lambda item: item.credit).account_id, self.accounting["advance"])
        self.assertEqual(self.cash.balance, 100800.0)
        deposit_account = self.company_data["default_account_revenue"]
        deposit = self.cash._debit(300.0, kind="deposit", counterpart_account=deposit_account,
                                   idempotency_key="dep-x")
        self.assertEqual(deposit.move_id.line_ids.filtered(lambda item: item.credit).account_id, deposit_account)
        self.assertFalse(self.env["dealer.wallet"]._check_integrity(companies=self.company))
        with self.assertRaisesRegex(UserError, "rebate or cash"):
            self.Wallet._grant(self.dealer, "credit", 1.0, "x")

    def test_grant_many_batches_wallets_entries_and_keys(self):
        """A batch of grants opens missing wallets, posts one entry per grant and is idempotent."""
        dealers = self.dealer | self.dealer_b | self._create_dealer("测试经销商丙")
        grants = [
            {"partner": partner, "amount": amount, "origin": "Q3", "idempotency_key": f"q3-{partner.id}"}
            for partner, amount in zip(dealers, (100.0, 200.0, 300.0), strict=True)
        ]
        # the same request twice in one batch is one grant
        grants.append(dict(grants[0]))
        transactions = self.Wallet._grant_many(grants, "rebate", company=self.company)
        self.assertEqual(len(transactions), 4)
        self.assertEqual(transactions[0], transactions[3])
        self.assertEqual(transactions.mapped("amount"), [100.0, 200.0, 300.0, 100.0])
        self.assertEqual(transactions.partner_id, dealers)
        self.assertEqual(len(transactions.move_id), 3)
        self.assertEqual(set(transactions.move_id.mapped("state")), {"posted"})
        self.assertEqual(self.rebate.balance, 50100.0)
        self.assertEqual(self.Wallet._get_wallet(dealers[2], "rebate", create=False).balance, 300.0)
        self.assertEqual(self._gl_balance(self.accounting["rebate_liability"], dealers[2]), 300.0)
        # retried: the same transactions, nothing posted again
        moves_before = self.env["account.move"].search_count([])
        self.assertEqual(self.Wallet._grant_many(grants[:3], "rebate", company=self.company), transactions[:3])
        self.assertEqual(self.env["account.move"].search_count([]), moves_before)
        with self.assertRaisesRegex(UserError, "another amount"):
            self.Wallet._grant_many([{**grants[1], "amount": 1.0}], "rebate", company=self.company)
        with self.assertRaisesRegex(UserError, "positive"):
            self.Wallet._grant_many([{"partner": self.dealer, "amount": 0.0}], "rebate", company=self.company)
        self.assertFalse(self.Wallet._check_integrity(companies=self.company))

    def test_grant_many_query_count_is_flat_per_wallet(self):
        """Crediting 20 wallets in one batch: about 16 queries per wallet (most of them
        Odoo's own per-entry posting: name sequence, follower, analytic defaults),
        against about 40 for a separate grant each."""
        dealers = self.env["res.partner"].create([{
            "name": f"批量经销商{index}", "is_company": True, "dealer_level_id": self.level_l1.id,
            "dealer_state": "active",
        } for index in range(20)])
        self.Wallet._grant_many([{"partner": partner, "amount": 1.0} for partner in dealers], "rebate",
                                company=self.company)
        self.env.invalidate_all()
        with self.assertQueryCount(326):  # measured: 326
            self.Wallet._grant_many([
                {"partner": partner, "amount": 10.0, "idempotency_key": f"bulk-{partner.id}"} for partner in dealers
            ], "rebate", company=self.company)
        self.assertEqual(set(self.Wallet.search([("partner_id", "in", dealers.ids)]).mapped("balance")), {11.0})
