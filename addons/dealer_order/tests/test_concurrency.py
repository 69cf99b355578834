import threading
import time
from unittest.mock import patch

from odoo import SUPERUSER_ID, Command, api
from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL, mute_logger

from odoo.addons.dealer_wallet.tests.test_concurrency import run_with_retry


# no e-mail sent after commit: the post-commit mailer would look the registry up
# under the registry lock, held by the test runner
THREAD_CONTEXT = {"mail_activity_quick_update": True, "mail_notify_force_send": False}


@tagged("post_install", "-at_install")
class TestSubmitConcurrency(TransactionCase):
    """Two submissions of orders of the same dealer race for the same cash."""

    def setUp(self):
        super().setUp()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True, "mail_create_nolog": True})
            company = env.company
            partner = env["res.partner"].create({
                "name": "Concurrency Order Dealer", "is_company": True,
                "dealer_level_id": env.ref("dealer_base.dealer_level_l1").id, "dealer_state": "active",
            })
            product = env["product.product"].create({
                "name": "Concurrency Service", "type": "service", "list_price": 600.0,
                "taxes_id": [Command.clear()],
            })
            partner._dealer_grant_products(product)
            wallet = env["dealer.wallet"]._get_wallet(partner, "cash", company=company)
            # ledger only (no journal entry): the test is about the wallet figures
            wallet._post_transactions([{"kind": "topup", "amount": 1000.0}], create_move=False)
            # the region rule needs authorizations: none for a service-only order
            orders = env["sale.order"].create([{
                "partner_id": partner.id, "company_id": company.id,
                "order_line": [Command.create({"product_id": product.id, "product_uom_qty": 1,
                                               "price_unit": 600.0, "tax_id": [Command.clear()]})],
            } for _index in range(3)])
            # an earlier confirmed order: first-order promotions of the demo data stay out
            orders[2].action_confirm()
            cr.commit()  # pylint: disable=invalid-commit
            self.partner_id, self.wallet_id, self.product_id = partner.id, wallet.id, product.id
            self.order_ids = orders[:2].ids
            self.all_order_ids = orders.ids
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            orders = env["sale.order"].browse(self.all_order_ids)
            cr.execute(SQL("DELETE FROM dealer_wallet_transaction WHERE wallet_id = %s", self.wallet_id))
            cr.execute(SQL("DELETE FROM dealer_order_payment WHERE order_id IN %s", tuple(orders.ids)))
            orders.with_context(disable_cancel_warning=True)._action_cancel()
            orders.unlink()
            cr.execute(SQL("DELETE FROM dealer_wallet WHERE id = %s", self.wallet_id))
            env["product.product"].browse(self.product_id).product_tmpl_id.unlink()
            pools = env["dealer.product.pool"].search([("partner_ids", "in", [self.partner_id])])
            pools.unlink()
            env["res.partner"].browse(self.partner_id).unlink()
            cr.commit()  # pylint: disable=invalid-commit

    def test_two_submits_never_overdraw(self):
        barrier = threading.Barrier(2)
        results = [None, None]

        def submit(order_id):
            def func(env):
                order = env["sale.order"].browse(order_id)
                order.action_dealer_submit()
                return order.dealer_review_state
            return func

        def target(index, order_id):
            barrier.wait()
            results[index] = run_with_retry(self.registry, submit(order_id), max_tries=40, context=THREAD_CONTEXT)

        threads = [threading.Thread(target=target, args=(i, order_id)) for i, order_id in enumerate(self.order_ids)]
        with mute_logger("odoo.sql_db"):
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=120)
        self.assertTrue(all(result and result[0] == "ok" for result in results), results)
        states = sorted(result[1] for result in results)
        self.assertEqual(states, ["approved", "held"], "only one order fits in the cash wallet")
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            wallet = env["dealer.wallet"].browse(self.wallet_id)
            self.assertAlmostEqual(wallet.reserved_amount, 600.0)
            self.assertGreaterEqual(wallet.balance - wallet.reserved_amount, 0.0)
            confirmed = env["sale.order"].browse(self.order_ids).filtered(lambda order: order.state == "sale")
            self.assertEqual(len(confirmed), 1)
            self.assertEqual(confirmed.amount_total, 600.0)

    def test_reused_review_sees_the_reserved_money(self):
        """The confirmation reuses the review's wallet check: a debit committed by another
        transaction between the review and the confirmation must not be missed. The
        submission locks the wallets before the review, so the debit waits for it, then
        finds the money reserved and is refused."""
        reviewed, order_id = threading.Event(), self.order_ids[0]
        SaleOrder = type(self.env["sale.order"])
        decide = SaleOrder._dealer_review_decision
        results = {}

        def slow_decision(order, review_results):
            if order.id == order_id and not reviewed.is_set():
                reviewed.set()
                time.sleep(1.5)  # the other transaction tries to debit now
            return decide(order, review_results)

        def submit(env):
            order = env["sale.order"].browse(order_id)
            order.action_dealer_submit()
            return order.dealer_review_state

        def debit(env):
            reviewed.wait(timeout=60)
            return env["dealer.wallet"].browse(self.wallet_id)._debit(600.0, create_move=False).id

        def target(name, func):
            results[name] = run_with_retry(self.registry, func, max_tries=40, context=THREAD_CONTEXT)

        threads = [threading.Thread(target=target, args=args) for args in (("submit", submit), ("debit", debit))]
        with patch.object(SaleOrder, "_dealer_review_decision", slow_decision), mute_logger("odoo.sql_db"):
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=120)
        self.assertEqual(results["submit"], ("ok", "approved"), results)
        self.assertEqual(results["debit"][0], "refused", results)
        self.assertIn("Insufficient funds", results["debit"][1])
        with self.registry.cursor() as cr:
            cr.execute(SQL("SELECT balance, reserved_amount FROM dealer_wallet WHERE id = %s", self.wallet_id))
            self.assertEqual(tuple(float(value) for value in cr.fetchone()), (1000.0, 600.0))
