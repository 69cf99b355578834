from datetime import timedelta

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import DealerCrowdfundingCommon


@tagged("post_install", "-at_install")
class TestCrowdfunding(DealerCrowdfundingCommon):

    # ------------------------------------------------------------------
    # Opening
    # ------------------------------------------------------------------
    def test_open_validations(self):
        campaign = self._create_campaign(
            open_it=False, price_unit=0.0, min_pledge_qty=0.0,
            deadline=fields.Datetime.now() - timedelta(hours=1),
        )
        with self.assertRaises(UserError) as error:
            campaign.action_open()
        message = str(error.exception)
        self.assertIn("price must be positive", message)
        self.assertIn("minimum pledge must be positive", message)
        self.assertIn("deadline must be in the future", message)
        self.assertEqual(campaign.state, "draft")
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            campaign.deposit_ratio = 1.5
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"), self.env.cr.savepoint():
            self._create_campaign(open_it=False, target_qty=50.0, max_qty=40.0)

    def test_reference_and_progress(self):
        campaign = self._create_campaign()
        self.assertTrue(campaign.reference.startswith("CFC/"))
        self.assertEqual(campaign.state, "open")
        campaign.pledge(self.dealer, 20)
        self.assertEqual(campaign.pledged_qty, 20)
        self.assertAlmostEqual(campaign.progress, 40.0)
        self.assertEqual(campaign.remaining_qty, 80)
        self.assertEqual((campaign.pledge_count, campaign.pledger_count), (1, 1))

    # ------------------------------------------------------------------
    # Pledging
    # ------------------------------------------------------------------
    def test_pledge_reserves_deposit(self):
        campaign = self._create_campaign()
        balance, reserved = self._state(self.cash)
        pledge = campaign.pledge(self.dealer.child_ids[:1] or self.dealer, 30)
        # tax-included amount at the campaign price, 20% of it as deposit
        self.assertEqual(pledge.partner_id, self.dealer)
        self.assertAlmostEqual(pledge.amount, 3450.0)
        self.assertAlmostEqual(pledge.deposit_amount, 690.0)
        self.assertEqual(pledge.state, "pledged")
        self.assertEqual(self._state(self.cash), (balance, reserved + 690.0))
        self.assertEqual(pledge.wallet_transaction_ids.mapped("kind"), ["reserve"])
        self.assertEqual(pledge.wallet_transaction_ids.idempotency_key, "crowdfunding-pledge-%s-reserve" % pledge.id)
        # a second pledge of the same dealer is a pledge of its own
        second = campaign.pledge(self.dealer, 10)
        self.assertNotEqual(second, pledge)
        self.assertEqual(campaign.pledged_qty, 40)
        self.assertEqual(campaign.pledger_count, 1)

    def test_pledge_cancel_releases(self):
        campaign = self._create_campaign()
        balance, reserved = self._state(self.cash)
        pledge = campaign.pledge(self.dealer, 30)
        pledge.action_cancel()
        self.assertEqual(pledge.state, "cancelled")
        self.assertEqual(campaign.pledged_qty, 0)
        self.assertEqual(self._state(self.cash), (balance, reserved))
        self.assertEqual(sorted(pledge.wallet_transaction_ids.mapped("kind")), ["release", "reserve"])
        pledge.action_cancel()  # idempotent
        self.assertEqual(self._state(self.cash), (balance, reserved))

    def _assert_refused(self, campaign, partner, qty, expected):
        wallet = self.env["dealer.wallet"]._get_wallet(partner, "cash")
        before = self._state(wallet)
        count = self.Pledge.search_count([("campaign_id", "=", campaign.id)])
        pledged = campaign.pledged_qty
        with self.assertRaises(UserError) as error, self.env.cr.savepoint():
            campaign.pledge(partner, qty)
        self.assertIn(expected, str(error.exception))
        self.assertEqual(self._state(wallet), before, "nothing reserved")
        self.assertEqual(self.Pledge.search_count([("campaign_id", "=", campaign.id)]), count, "no pledge written")
        campaign.invalidate_recordset()
        self.assertEqual(campaign.pledged_qty, pledged)

    def test_pledge_bad_input(self):
        campaign = self._create_campaign(max_qty=60.0)
        self._assert_refused(campaign, self.dealer, 3, "below the minimum pledge")
        self._assert_refused(campaign, self.dealer, 61, "Only 60.0")
        self._assert_refused(campaign, self.poor, 30, "exceeds what")
        campaign.pledge(self.dealer, 55)
        self._assert_refused(campaign, self.dealer_b, 10, "Only 5.0")
        stranger = self.env["res.partner"].create({"name": "普通客户", "is_company": True})
        self._assert_refused(campaign, stranger, 5, "is not a dealer")
        restricted = self._create_campaign(partner_ids=[(6, 0, self.dealer.ids)])
        self._assert_refused(restricted, self.dealer_b, 10, "is not eligible")
        restricted.pledge(self.dealer, 10)
        by_level = self._create_campaign(level_ids=[(6, 0, self.level_store.ids)])
        self._assert_refused(by_level, self.dealer_b, 10, "is not eligible")
        by_level.pledge(self.store, 10)
        # listed dealers must meet the other conditions too (the suite's eligibility rule)
        listed_stores = self._create_campaign(
            partner_ids=[(6, 0, (self.dealer | self.store).ids)], level_ids=[(6, 0, self.level_store.ids)],
        )
        self._assert_refused(listed_stores, self.dealer, 10, "is not eligible")
        listed_stores.pledge(self.store, 10)
        draft = self._create_campaign(open_it=False)
        self._assert_refused(draft, self.dealer, 10, "is not open")

    def test_pledge_quantities_that_are_not_numbers(self):
        campaign = self._create_campaign(max_qty=60.0)
        for qty in (float("nan"), float("inf"), float("-inf")):
            self._assert_refused(campaign, self.dealer, qty, "must be a number")
        self._assert_refused(campaign, self.dealer, 1e308, "Only 60.0")
        self._assert_refused(campaign, self.dealer, -1e308, "must be positive")
        self._assert_refused(campaign, self.dealer, 10.0000001, "finer than the unit")
        campaign.pledge(self.dealer, 10)

    def test_pledge_after_deadline_or_closed(self):
        campaign = self._create_campaign()
        campaign.pledge(self.dealer, 10)
        with freeze_time(fields.Datetime.now() + timedelta(days=8)):
            self._assert_refused(campaign, self.dealer_b, 10, "has passed")
        campaign.action_close()
        self.assertEqual(campaign.state, "failed")
        self._assert_refused(campaign, self.dealer_b, 10, "is not open")

    def test_pledge_outside_pool_or_region(self):
        other = self._create_dealer("无授权经销商", self.level_l1, self.state_w, parent=self.branch)
        self.env["dealer.wallet"]._get_wallet(other, "cash")._topup(10000.0, journal=self.bank_journal)
        campaign = self._create_campaign()
        with self.assertRaises(UserError) as error, self.env.cr.savepoint():
            campaign.pledge(other, 10)
        message = str(error.exception)
        self.assertIn("not in the dealer's product pools", message)
        self.assertIn("Cross-region sale", message)

    def test_pledge_query_count(self):
        campaign = self._create_campaign()
        campaign.pledge(self.dealer, 10)  # warm the caches (sequences, wallet)
        self.env.invalidate_all()
        with self.assertQueryCount(50):
            campaign.pledge(self.dealer_b, 10)

    # ------------------------------------------------------------------
    # Closing
    # ------------------------------------------------------------------
    def test_success_orders_deposits_batch(self):
        campaign = self._create_campaign()
        cash_before = self._state(self.cash)
        poor_before = self._state(self.poor_cash)
        first = campaign.pledge(self.dealer, 30)
        second = campaign.pledge(self.dealer_b, 15)
        third = campaign.pledge(self.poor, 5)   # deposit 115 of 575; its wallet cannot pay the balance
        campaign.action_close()
        self.assertEqual(campaign.state, "succeeded")
        orders = campaign.order_ids
        self.assertEqual(len(orders), 3)
        self.assertEqual(set(orders.mapped("state")), {"sale"})
        self.assertEqual(set(orders.mapped("dealer_flow")), {"crowdfunding"})
        self.assertEqual((first | second | third).mapped("state"), ["ordered"] * 3)
        for pledge in first | second | third:
            order = pledge.sale_order_id
            self.assertEqual(order.crowdfunding_campaign_id, campaign)
            self.assertEqual(order.partner_id, pledge.partner_id)
            self.assertEqual(order.order_line.price_unit, 100.0)
            self.assertAlmostEqual(order.amount_total, pledge.amount)
            self.assertAlmostEqual(order.deposit_amount, pledge.deposit_amount)
            self.assertAlmostEqual(order.deposit_ratio, 0.2)
            self.assertEqual(order.deposit_balance_due_date,
                             fields.Date.context_today(campaign, campaign.date_closed) + timedelta(days=5))
        # funded dealers: balance paid at once, the whole order reserved on their wallets
        self.assertEqual(first.sale_order_id.deposit_state, "balance_paid")
        self.assertEqual(second.sale_order_id.deposit_state, "balance_paid")
        self.assertEqual(self._state(self.cash), (cash_before[0], cash_before[1] + 3450.0))
        # the poor store keeps its deposit reserved on the order and waits for the balance
        poor_order = third.sale_order_id
        self.assertEqual(poor_order.deposit_state, "deposit_paid")
        self.assertEqual(self._state(self.poor_cash), (poor_before[0], poor_before[1] + 115.0))
        self.assertAlmostEqual(poor_order.dealer_wallet_reserved_amount, 115.0)
        self.assertTrue(campaign.activity_ids, "the responsible collects the missing balances")
        # pledge reservations moved onto the orders: released on the pledge, reserved on the order
        self.assertEqual(sorted(third.wallet_transaction_ids.mapped("kind")), ["release", "reserve"])
        # wallet figures, ledger and general ledger agree
        self.assertEqual(self.env["dealer.wallet"]._check_integrity(companies=self.company, notify=False), [])
        # shipped together
        batch = campaign.batch_id
        self.assertTrue(batch)
        self.assertEqual(batch.picking_ids, orders.picking_ids)
        # idempotent
        campaign.action_close()
        self.assertEqual(len(campaign.order_ids), 3)
        self.assertEqual(self._state(self.cash), (cash_before[0], cash_before[1] + 3450.0))
        # delivery of the paid orders; the unpaid one is blocked
        for order in first.sale_order_id | second.sale_order_id:
            self._validate_delivery(order)
        with self.assertRaises(UserError):
            self._validate_delivery(poor_order)
        self.assertEqual(campaign.state, "succeeded")
        self.env["dealer.wallet"]._get_wallet(self.poor, "cash")._topup(1000.0, journal=self.bank_journal)
        poor_order.action_deposit_pay_balance()
        self._validate_delivery(poor_order)
        self.assertEqual(campaign.state, "done")

    def test_close_query_count(self):
        """Closing a successful campaign: a fixed cost per pledge (its order confirmed,
        deposit moved, balance paid) plus one batch."""
        warmup = self._create_campaign()
        warmup.pledge(self.dealer, 50)
        warmup.action_close()
        campaign = self._create_campaign()
        campaign.pledge(self.dealer, 30)
        campaign.pledge(self.dealer_b, 20)
        self.env.invalidate_all()
        with self.assertQueryCount(340):  # measured: 331 (two orders, one batch)
            campaign.action_close()
        self.assertEqual(campaign.state, "succeeded")
        self.assertEqual(len(campaign.order_ids), 2)

    def test_failure_releases_deposits(self):
        campaign = self._create_campaign()
        before = self._state(self.cash), self._state(self.cash_b)
        pledges = campaign.pledge(self.dealer, 20) | campaign.pledge(self.dealer_b, 10)
        self.assertNotEqual((self._state(self.cash), self._state(self.cash_b)), before)
        campaign.action_close()
        self.assertEqual(campaign.state, "failed")
        self.assertEqual(pledges.mapped("state"), ["released", "released"])
        self.assertEqual((self._state(self.cash), self._state(self.cash_b)), before)
        self.assertFalse(campaign.order_ids)
        self.assertIn("Target missed", campaign.close_message)
        campaign.action_close()
        self.assertEqual(campaign.state, "failed")

    def test_cancel_campaign_releases(self):
        campaign = self._create_campaign()
        before = self._state(self.cash)
        pledge = campaign.pledge(self.dealer, 20)
        campaign.action_cancel()
        self.assertEqual((campaign.state, pledge.state), ("cancel", "cancelled"))
        self.assertEqual(self._state(self.cash), before)
        campaign.action_draft()
        self.assertEqual(campaign.state, "draft")
        other = self._create_campaign()
        other.pledge(self.dealer, 10)
        with self.assertRaises(UserError):
            other.action_draft()

    def test_close_error_is_atomic(self):
        """A pledge whose order cannot be confirmed leaves the campaign open and
        every wallet as it was (nothing half-done); the cron reports it."""
        campaign = self._create_campaign()
        campaign.pledge(self.dealer, 40)
        campaign.pledge(self.dealer_b, 20)
        before = self._state(self.cash), self._state(self.cash_b)
        self.dealer_b.dealer_state = "suspended"
        with self.assertRaises(UserError), self.env.cr.savepoint():
            campaign.action_close()
        campaign.invalidate_recordset()
        self.assertEqual(campaign.state, "open")
        self.assertFalse(self.env["sale.order"].search([("crowdfunding_campaign_id", "=", campaign.id)]))
        self.assertEqual((self._state(self.cash), self._state(self.cash_b)), before)
        with freeze_time(fields.Datetime.now() + timedelta(days=8)):
            self.Campaign._cron_close_expired()
        self.assertEqual(campaign.state, "open")
        self.assertTrue(campaign.activity_ids.filtered(lambda a: a.summary == "Campaign could not be closed"))

    def test_deadline_job(self):
        campaign = self._create_campaign()
        later = self._create_campaign(deadline=fields.Datetime.now() + timedelta(days=30))
        campaign.pledge(self.dealer, 30)
        campaign.pledge(self.dealer_b, 25)
        later.pledge(self.dealer, 10)
        with freeze_time(fields.Datetime.now() + timedelta(days=6)):
            self.Campaign._cron_close_expired()
            self.assertEqual(campaign.state, "open", "deadline not reached yet")
        with freeze_time(fields.Datetime.now() + timedelta(days=8)):
            self.Campaign._cron_close_expired()
        self.assertEqual(campaign.state, "succeeded")
        self.assertEqual(len(campaign.order_ids), 2)
        self.assertEqual(later.state, "open")

    def test_deadline_job_writes_in_its_users_language(self):
        """The scheduled close runs with an empty context, as ir.cron runs it: the campaign's
        chatter line is in the language of the cron's user (the company's Chinese), not English."""
        self.env["res.lang"]._activate_lang("zh_CN")
        cron = self.env.ref("dealer_crowdfunding.ir_cron_crowdfunding_close")
        cron.user_id.lang = "zh_CN"
        campaign = self._create_campaign()
        campaign.pledge(self.dealer, 30)
        campaign.pledge(self.dealer_b, 25)
        with freeze_time(fields.Datetime.now() + timedelta(days=8)):
            self.env(user=cron.user_id, context={})["dealer.crowdfunding"]._cron_close_expired()
        self.assertEqual(campaign.state, "succeeded")
        self.assertTrue(campaign.close_message.startswith("已成团：已认购 55 / "), campaign.close_message)
        self.assertIn(campaign.close_message, campaign.message_ids.mapped("preview"))

    def test_wizard(self):
        campaign = self._create_campaign()
        wizard = self.env["dealer.crowdfunding.pledge.wizard"].create({
            "campaign_id": campaign.id, "partner_id": self.dealer.id, "qty": 10,
        })
        self.assertAlmostEqual(wizard.deposit_amount, 230.0)
        wizard.action_confirm()
        self.assertEqual(campaign.pledged_qty, 10)

    def test_unpaid_balance_expires(self):
        """The order whose balance is never paid expires with the dealer_order job: its
        deposit is forfeited, its delivery cancelled; the campaign is done once the
        other orders are delivered."""
        self.company.dealer_deposit_expiry_policy = "forfeit"
        campaign = self._create_campaign()
        poor_before = self._state(self.poor_cash)
        paid = campaign.pledge(self.dealer, 45)
        unpaid = campaign.pledge(self.poor, 5)
        campaign.action_close()
        poor_order = unpaid.sale_order_id
        self.assertEqual(poor_order.deposit_state, "deposit_paid")
        self._validate_delivery(paid.sale_order_id)
        self.assertEqual(campaign.state, "succeeded", "one order still waits for its balance")
        with freeze_time(fields.Datetime.now() + timedelta(days=6)):
            self.env["sale.order"]._cron_deposit_expire()
        self.assertEqual((poor_order.state, poor_order.deposit_state), ("cancel", "expired"))
        self.assertEqual(set(poor_order.picking_ids.mapped("state")), {"cancel"})
        balance, reserved = self._state(self.poor_cash)
        self.assertEqual((balance, reserved), (poor_before[0] - 115.0, poor_before[1]), "deposit forfeited")
        self.assertEqual(campaign.state, "done")

    def test_crowdfunding_order_needs_its_campaign(self):
        """A crowdfunding order typed by hand (no campaign) is refused at submission
        and at confirmation; nothing is reserved."""
        order = self._create_order(partner=self.dealer_b, flow="crowdfunding", lines=[(self.product, 5, 100.0)])
        with self.assertRaisesRegex(UserError, "created by their campaign"):
            order.action_dealer_submit()
        self.assertEqual((order.state, order.dealer_review_state), ("draft", "draft"))
        self.assertFalse(order.dealer_payment_ids)
        with self.assertRaisesRegex(UserError, "created by their campaign"):
            order.action_confirm()
        self.assertEqual(order.state, "draft")
