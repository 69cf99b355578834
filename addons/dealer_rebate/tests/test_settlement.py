import io
from unittest.mock import patch

import openpyxl
from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo import Command, fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from ..models import dealer_rebate_settlement
from .common import DealerRebateCommon

Q2 = ("2025-04-01", "2025-06-30")


@tagged("post_install", "-at_install")
class TestSettlementBases(DealerRebateCommon):
    """Each policy kind with hand-computed figures."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # dealer A, Q2 2025: 10 clocks × 100 + 20 shredders × 200 + 100 paper × 10 = 6,000
        # (invoiced to its contact), minus a credit note of 5 shredders (1,000) = 5,000
        cls._invoice(cls.contact_a, "2025-04-15", [(cls.clock, 10, 100.0), (cls.shredder, 20, 200.0),
                                                   (cls.paper, 100, 10.0)])
        cls._invoice(cls.dealer_a, "2025-06-30", [(cls.shredder, 5, 200.0)], refund=True)
        # not counted: outside the period, draft, a customer that is not a dealer
        cls._invoice(cls.dealer_a, "2025-07-01", [(cls.clock, 100, 100.0)])
        cls._invoice(cls.dealer_a, "2025-05-01", [(cls.clock, 100, 100.0)], post=False)
        cls._invoice(cls.customer, "2025-05-01", [(cls.clock, 100, 100.0)])
        # dealer B: 2,000 with 15 % tax (untaxed counts)
        cls._invoice(cls.dealer_b, "2025-05-20", [(cls.clock, 20, 100.0)], taxed=True)
        # dealer C (Guangdong): 9,000 of paper
        cls._invoice(cls.dealer_c, "2025-04-02", [(cls.paper, 900, 10.0)])
        # the same quarter one year earlier (growth)
        cls._invoice(cls.dealer_a, "2024-05-01", [(cls.clock, 40, 100.0)])            # 4,000
        cls._invoice(cls.dealer_c, "2024-05-01", [(cls.paper, 1000, 10.0)])           # 10,000

    def test_volume_tiered_with_credit_notes(self):
        policy = self._policy(thresholds=((0.0, 1.0), (3000.0, 2.0), (9000.0, 3.0)))
        settlement = self._settle(policy, *Q2)
        self.assertEqual(settlement.state, "computed")
        line_a, line_b, line_c = (self._line(settlement, p) for p in (self.dealer_a, self.dealer_b, self.dealer_c))
        self.assertEqual((line_a.base_amount, line_a.rate, line_a.amount), (5000.0, 2.0, 100.0))
        self.assertEqual((line_b.base_amount, line_b.rate, line_b.amount), (2000.0, 1.0, 20.0))
        self.assertEqual((line_c.base_amount, line_c.rate, line_c.amount), (9000.0, 3.0, 270.0))
        self.assertEqual(settlement.line_count, 3, "the customer that is not a dealer earns nothing")
        self.assertEqual(settlement.amount_total, 390.0)
        self.assertIn("5,000.00", line_a.explanation)
        self.assertEqual(line_a.threshold_id.min_amount, 3000.0)

    def test_volume_progressive(self):
        policy = self._policy(threshold_mode="progressive", thresholds=((0.0, 1.0), (3000.0, 2.0), (9000.0, 3.0)))
        settlement = self._settle(policy, *Q2)
        # A: 3,000 × 1 % + 2,000 × 2 % = 70; C: 30 + 120 + 0 (9,000 is the start of the 3 % slice)
        self.assertEqual(self._line(settlement, self.dealer_a).amount, 70.0)
        self.assertEqual(self._line(settlement, self.dealer_a).rate, 1.4)
        self.assertEqual(self._line(settlement, self.dealer_c).amount, 150.0)
        self.assertIn("progressive", self._line(settlement, self.dealer_a).explanation)

    def test_dealer_scope(self):
        by_tier = self._settle(self._policy(tier_ids=[Command.set(self.tier_a.ids)]), *Q2)
        self.assertEqual(by_tier.line_ids.partner_id, self.dealer_a | self.dealer_c)
        by_region = self._settle(self._policy(region_ids=[Command.set(self.region_east.ids)]), *Q2)
        self.assertEqual(by_region.line_ids.partner_id, self.dealer_a | self.dealer_b)
        both = self._settle(self._policy(tier_ids=[Command.set(self.tier_a.ids)],
                                         region_ids=[Command.set(self.region_east.ids)]), *Q2)
        self.assertEqual(both.line_ids.partner_id, self.dealer_a)
        listed = self._settle(self._policy(partner_ids=[Command.set(self.dealer_b.ids)]), *Q2)
        self.assertEqual(listed.line_ids.partner_id, self.dealer_b)
        stores = self._settle(self._policy(level_ids=[Command.set(self.level_store.ids)]), *Q2)
        self.assertFalse(stores.line_ids)

    def test_category_with_sub_categories(self):
        policy = self._policy(kind="category", categ_ids=[Command.set(self.categ_office.ids)],
                              thresholds=((0.0, 2.0),))
        settlement = self._settle(policy, *Q2)
        # A: clocks (sub-category) 1,000 + shredders 4,000 − 1,000 = 4,000; paper excluded; C: paper only
        self.assertEqual(self._line(settlement, self.dealer_a).base_amount, 4000.0)
        self.assertEqual(self._line(settlement, self.dealer_a).amount, 80.0)
        self.assertEqual(self._line(settlement, self.dealer_b).base_amount, 2000.0)
        self.assertFalse(self._line(settlement, self.dealer_c))

    def test_growth_against_previous_year(self):
        policy = self._policy(kind="growth", thresholds=((10.0, 2.0), (20.0, 3.0)))
        settlement = self._settle(policy, *Q2)
        line_a = self._line(settlement, self.dealer_a)
        # 5,000 vs 4,000: +25 % → 3 % of the 1,000 increase
        self.assertEqual((line_a.current_amount, line_a.previous_amount, line_a.base_amount),
                         (5000.0, 4000.0, 1000.0))
        self.assertEqual((line_a.growth_percent, line_a.rate, line_a.amount), (25.0, 3.0, 30.0))
        # B had no sales the year before and the policy has no 0 % threshold; C declined
        self.assertEqual(settlement.line_ids.partner_id, self.dealer_a)

    def test_growth_zero_previous_year_with_zero_threshold(self):
        policy = self._policy(kind="growth", thresholds=((0.0, 1.0), (20.0, 3.0)))
        settlement = self._settle(policy, *Q2)
        line_b = self._line(settlement, self.dealer_b)
        self.assertEqual((line_b.previous_amount, line_b.base_amount, line_b.rate, line_b.amount),
                         (0.0, 2000.0, 1.0, 20.0))
        self.assertIn("no sales the year before", line_b.explanation)
        self.assertEqual(self._line(settlement, self.dealer_a).amount, 30.0)

    def test_drill_down_matches_base(self):
        policy = self._policy(kind="category", categ_ids=[Command.set(self.categ_office.ids)])
        line_a = self._line(self._settle(policy, *Q2), self.dealer_a)
        action = line_a.action_view_base()
        self.assertEqual(action["res_model"], "account.move.line")
        lines = self.env["account.move.line"].search(action["domain"])
        self.assertEqual(-sum(lines.mapped("balance")), line_a.base_amount)
        self.assertEqual(len(lines), 3, "clock and shredder lines of the invoice, shredder line of the credit note")
        growth = self._policy(kind="growth", thresholds=((0.0, 1.0),))
        line_growth = self._line(self._settle(growth, *Q2), self.dealer_a)
        lines = self.env["account.move.line"].search(line_growth.action_view_base()["domain"])
        self.assertEqual(-sum(lines.mapped("balance")), 5000.0 + 4000.0, "both years")

    def test_freight_on_delivered_sales(self):
        policy = self._policy(kind="freight", period="month", thresholds=((0.0, 2.0),))
        self.env["dealer.authorization"].create({"partner_id": self.dealer_a.id, "region_id": self.region_east.id})
        order = self.env["sale.order"].create({
            "partner_id": self.contact_a.id,
            "order_line": [Command.create({"product_id": self.clock.id, "product_uom_qty": 10,
                                           "price_unit": 100.0, "discount": 10.0, "tax_id": [Command.clear()]})],
        })
        order.action_confirm()
        picking = order.picking_ids
        picking.button_validate()
        self.assertEqual(picking.state, "done")
        wizard = self.env["stock.return.picking"].with_context(
            active_id=picking.id, active_model="stock.picking").create({})
        wizard.product_return_moves.quantity = 2
        returned = self.env["stock.picking"].browse(wizard.action_create_returns()["res_id"])
        returned.button_validate()
        self.assertEqual(returned.state, "done")
        today = fields.Date.context_today(policy)
        date_from = today.replace(day=1)
        date_to = fields.Date.end_of(today, "month")
        settlement = self._settle(policy, date_from, date_to)
        line_a = self._line(settlement, self.dealer_a)
        # 10 delivered − 2 returned at 90 (10 % discount) = 720 → 2 % = 14.40
        self.assertEqual((line_a.base_amount, line_a.amount), (720.0, 14.4))
        moves = self.env["stock.move"].search(line_a.action_view_base()["domain"])
        self.assertEqual(moves, picking.move_ids | returned.move_ids)


@tagged("post_install", "-at_install")
class TestSettlementFlow(DealerRebateCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._invoice(cls.dealer_a, "2025-04-15", [(cls.shredder, 25, 200.0)])   # 5,000
        cls._invoice(cls.dealer_b, "2025-04-15", [(cls.clock, 20, 100.0)])      # 2,000
        cls.policy = cls._policy(thresholds=((0.0, 1.0), (3000.0, 2.0)))

    def test_confirm_credits_wallets_with_balanced_entries(self):
        settlement = self._settle(self.policy, *Q2)
        settlement.accounting_date = "2025-07-05"
        settlement.action_confirm()
        self.assertEqual(settlement.state, "confirmed")
        self.assertEqual(settlement.progress, 100.0)
        line_a = self._line(settlement, self.dealer_a)
        self.assertEqual(line_a.state, "posted")
        transaction = line_a.transaction_id
        self.assertEqual((transaction.amount, transaction.kind, transaction.wallet_type), (100.0, "rebate_grant",
                                                                                           "rebate"))
        self.assertEqual(transaction.date, fields.Date.to_date("2025-07-05"))
        self.assertEqual(transaction.origin, settlement.name)
        wallet_a = self.Wallet._get_wallet(self.dealer_a, "rebate")
        wallet_b = self.Wallet._get_wallet(self.dealer_b, "rebate")
        self.assertEqual((wallet_a.balance, wallet_b.balance), (100.0, 20.0))
        for line in settlement.line_ids:
            move = line.move_id
            self.assertEqual(move.state, "posted")
            self.assertAlmostEqual(sum(move.line_ids.mapped("debit")), sum(move.line_ids.mapped("credit")))
            debit = move.line_ids.filtered("debit")
            credit = move.line_ids.filtered("credit")
            self.assertEqual(debit.account_id, self.accounting["rebate_expense"])
            self.assertEqual(credit.account_id, self.accounting["rebate_liability"])
            self.assertEqual(debit.debit, line.amount)
        self.assertEqual(self._gl_balance(self.accounting["rebate_liability"], self.dealer_a), 100.0)
        self.assertFalse(self.Wallet._check_integrity(companies=self.company, partners=self.dealer_a | self.dealer_b,
                                                      notify=False))
        self.assertEqual(self.dealer_a.dealer_rebate_total, 100.0)

    def test_cash_wallet_and_expense_account(self):
        expense = self.env["account.account"].create({
            "code": "660199", "name": "运费补贴", "account_type": "expense",
        })
        self.policy.write({"target_wallet": "cash", "expense_account_id": expense.id})
        settlement = self._settle(self.policy, *Q2, confirm=True)
        move = self._line(settlement, self.dealer_a).move_id
        self.assertEqual(move.line_ids.filtered("debit").account_id, expense)
        self.assertEqual(move.line_ids.filtered("credit").account_id, self.accounting["advance"])
        self.assertEqual(self.Wallet._get_wallet(self.dealer_a, "cash").balance, 100.0)

    def test_confirm_twice_and_settled_once(self):
        settlement = self._settle(self.policy, *Q2, confirm=True)
        with self.assertRaisesMessage(UserError, "already confirmed"):
            settlement.action_confirm()
        with self.assertRaisesMessage(UserError, "only draft settlements are computed"):
            settlement.action_compute()
        with self.assertRaisesMessage(UserError, "wallet credits stay"):
            settlement.action_cancel()
        # a new settlement of the same period finds nothing left to settle
        again = self._settle(self.policy, *Q2)
        self.assertFalse(again.line_ids)
        with self.assertRaisesMessage(UserError, "has no rebate to credit"):
            again.action_confirm()
        # a dealer invoiced later in the period is settled by a complementary settlement
        dealer_late = self._create_dealer("迟到丁商贸")
        self._invoice(dealer_late, "2025-06-01", [(self.clock, 10, 100.0)])
        again.action_compute()
        self.assertEqual(again.line_ids.partner_id, dealer_late)
        again.action_confirm()
        self.assertEqual(self.Wallet._get_wallet(self.dealer_a, "rebate").balance, 100.0, "credited once")
        self.assertEqual(self.env["dealer.wallet.transaction"].search_count(
            [("partner_id", "=", self.dealer_a.id), ("kind", "=", "rebate_grant")]), 1)

    def test_duplicate_line_refused(self):
        first = self._settle(self.policy, *Q2)
        second = self.Settlement.create({"policy_id": self.policy.id, "date_from": Q2[0], "date_to": Q2[1],
                                         "state": "cancel"})
        first.action_confirm()
        # forge a line for an already settled dealer: refused at confirmation, nothing credited
        second.write({"state": "computed"})
        self.env["dealer.rebate.settlement.line"].create({
            "settlement_id": second.id, "partner_id": self.dealer_a.id, "base_amount": 1.0, "amount": 1.0,
        })
        with self.assertRaisesMessage(UserError, "already settled"):
            second.action_confirm()
        self.assertEqual(second.state, "computed")
        self.assertEqual(self.Wallet._get_wallet(self.dealer_a, "rebate").balance, 100.0)
        # the database refuses a second credited line for the same (policy, period, dealer)
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.env.cr.savepoint():
            second.line_ids.write({"state": "posted"})
            second.line_ids.flush_recordset()

    def test_one_open_settlement_per_period(self):
        self._settle(self.policy, *Q2)
        with self.assertRaisesMessage(ValidationError, "already has an open settlement"):
            self.Settlement.create({"policy_id": self.policy.id, "date_from": Q2[0], "date_to": Q2[1]})

    def test_cancel_and_states(self):
        draft = self.Settlement.create({"policy_id": self.policy.id, "date_from": Q2[0], "date_to": Q2[1]})
        with self.assertRaisesMessage(UserError, "compute and review it"):
            draft.action_confirm()
        draft.action_compute()
        self.assertEqual(draft.line_count, 2)
        draft.action_cancel()
        self.assertEqual(draft.state, "cancel")
        self.assertFalse(draft.line_ids)
        with self.assertRaisesMessage(UserError, "compute and review it"):
            draft.action_confirm()
        draft.action_draft()
        draft.action_compute()
        draft.action_confirm()
        self.assertEqual(draft.state, "confirmed")
        with self.assertRaises(UserError):
            draft.unlink()
        with self.assertRaisesMessage(UserError, "cannot be deleted"):
            draft.line_ids.unlink()

    def test_policy_without_thresholds(self):
        policy = self.Policy.create({"name": "Empty", "kind": "volume", "period": "quarter"})
        settlement = self.Settlement.create({"policy_id": policy.id, "date_from": Q2[0], "date_to": Q2[1]})
        with self.assertRaisesMessage(UserError, "has no thresholds"):
            settlement.action_compute()
        self.assertEqual(settlement.state, "draft")

    def test_chunked_confirmation_with_progress(self):
        for index in range(3):
            dealer = self._create_dealer("批量经销商 %s" % index)
            self._invoice(dealer, "2025-05-01", [(self.clock, 10, 100.0)])
        settlement = self._settle(self.policy, *Q2)
        self.assertEqual(settlement.line_count, 5)
        with patch.object(dealer_rebate_settlement, "SYNC_LINE_LIMIT", 2):
            settlement.action_confirm()
        self.assertEqual(settlement.state, "confirming")
        self.assertEqual(settlement.progress, 0.0)
        with self.assertRaisesMessage(UserError, "already confirmed"):
            settlement.action_confirm()
        self.Settlement._cron_post_settlements(chunk_size=2)
        self.assertEqual((settlement.state, settlement.progress_done, settlement.progress), ("confirming", 2, 40.0))
        self.Settlement._cron_post_settlements(chunk_size=2)
        self.Settlement._cron_post_settlements(chunk_size=2)
        self.assertEqual((settlement.state, settlement.progress_done), ("confirmed", 5))
        self.assertEqual(set(settlement.line_ids.mapped("state")), {"posted"})
        self.assertEqual(len(settlement.line_ids.transaction_id), 5)

    def test_xlsx_export(self):
        settlement = self._settle(self.policy, *Q2, confirm=True)
        action = settlement.action_export_xlsx()
        attachment = self.env["ir.attachment"].search([("res_model", "=", settlement._name),
                                                       ("res_id", "=", settlement.id)])
        self.assertIn(str(attachment.id), action["url"])
        sheet = openpyxl.load_workbook(io.BytesIO(settlement._get_xlsx())).active
        values = [cell for row in sheet.iter_rows(values_only=True) for cell in row if cell is not None]
        self.assertIn(self.dealer_a.name, values)
        self.assertIn(100.0, values)
        self.assertIn(120.0, values, "total rebate")
        self.assertIn(self._line(settlement, self.dealer_a).transaction_id.name, values)

    def test_scheduled_preparation(self):
        self.policy.write({"auto_prepare": True, "auto_confirm": False})
        with freeze_time("2025-07-02"):
            self.Policy._cron_prepare_settlements()
            self.Policy._cron_prepare_settlements()
        settlements = self.Settlement.search([("policy_id", "=", self.policy.id)])
        self.assertEqual(len(settlements), 1, "prepared once per period")
        self.assertEqual((settlements.date_from, settlements.state, settlements.amount_total),
                         (fields.Date.to_date(Q2[0]), "computed", 120.0))
        auto = self._policy(auto_prepare=True, auto_confirm=True, target_wallet="cash")
        with freeze_time("2025-07-02"):
            self.Policy._cron_prepare_settlements()
        prepared = self.Settlement.search([("policy_id", "=", auto.id)])
        self.assertEqual(prepared.state, "confirmed")
        # a misconfigured policy is reported on its chatter and does not stop the others
        broken = self.Policy.create({"name": "Broken", "kind": "volume", "period": "month", "auto_prepare": True})
        later = self._policy(period="month", auto_prepare=True)
        with freeze_time("2025-05-03"), mute_logger("odoo.addons.dealer_rebate.models.dealer_rebate_policy"):
            self.Policy._cron_prepare_settlements()
        self.assertFalse(self.Settlement.search([("policy_id", "=", broken.id)]), "nothing half-written")
        self.assertIn("could not be prepared", broken.message_ids[0].body)
        self.assertEqual(self.Settlement.search([("policy_id", "=", later.id)]).state, "computed")
        self.assertEqual(self.Wallet._get_wallet(self.dealer_a, "cash").balance, 50.0)


@tagged("at_install")
class TestKindsOfRebateAlone(DealerRebateCommon):
    """dealer_rebate alone knows the kinds it computes itself; kinds settled from
    documents of other modules come with their bridge (dealer_rebate_profit_share)."""

    def test_no_kind_settled_from_documents_without_a_bridge(self):
        kinds = dict(self.Policy._fields["kind"]._description_selection(self.env))
        self.assertEqual(set(kinds), {"volume", "growth", "category", "freight"})
        self.assertEqual(self.Policy._rebate_source_kinds(), ())
        policy = self.Policy.create({"name": "量返", "kind": "volume", "period": "month"})
        self.assertFalse(policy.uses_sources)
