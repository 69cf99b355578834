import logging
import random
import threading
import time
from collections import Counter

from psycopg2 import IntegrityError, OperationalError
from psycopg2.errors import DeadlockDetected

from odoo import SUPERUSER_ID, Command, api, fields
from odoo.exceptions import UserError
from odoo.service.model import MAX_TRIES_ON_CONCURRENCY_FAILURE, PG_CONCURRENCY_EXCEPTIONS_TO_RETRY
from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL, mute_logger

from .test_concurrency import THREAD_CONTEXT

WORKERS = 16
ORDERS_PER_WORKER = 2
CANCELLED = 4  # confirmed orders cancelled during the race by the first workers
MAX_TRIES = 2 * MAX_TRIES_ON_CONCURRENCY_FAILURE

_logger = logging.getLogger(__name__)


@tagged("post_install", "-at_install")
class TestConfirmationLockOrder(TransactionCase):
    """16 workers submit orders of one dealer (one cash wallet, one storable product,
    one promotion with a budget) while others cancel confirmed orders of the same
    dealer: every path takes the rows it locks in one order (wallets, promotion
    budgets, then Odoo's stock), so no transaction ever deadlocks, and no
    reservation is lost or overdrawn. Each operation runs in its own transaction
    and is retried like Odoo's RPC layer does (5 tries, random back-off)."""

    def setUp(self):
        super().setUp()
        with self.registry.cursor() as cr:
            cr.transaction = api.Transaction(self.registry)
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True, "mail_create_nolog": True,
                                                     **THREAD_CONTEXT})
            company = env.company
            state = env["res.country.state"].create({
                "name": "Lock Order Province", "code": "LOP", "country_id": env.ref("base.cn").id,
            })
            region = env["dealer.region"].create({
                "name": "Lock Order Region", "code": "LOCK-ORDER", "state_ids": [Command.set(state.ids)],
            })
            partner = env["res.partner"].create({
                "name": "Lock Order Dealer", "is_company": True, "state_id": state.id,
                "country_id": state.country_id.id, "city": "Lock city", "street": "1 Lock road",
                "dealer_level_id": env.ref("dealer_base.dealer_level_l1").id, "dealer_state": "active",
            })
            authorization = env["dealer.authorization"].create({"partner_id": partner.id, "region_id": region.id})
            product = env["product.product"].create({
                "name": "Lock Order Goods", "type": "consu", "is_storable": True, "list_price": 1000.0,
                "taxes_id": [Command.clear()],
            })
            warehouse = env["stock.warehouse"].search([("company_id", "=", company.id)], limit=1)
            env["stock.quant"]._update_available_quantity(product, warehouse.lot_stock_id, 1000)
            partner._dealer_grant_products(product)
            today = fields.Date.context_today(env.user)
            promotion = env["dealer.promotion"].create({
                "name": "Lock Order Budget", "date_from": today, "date_to": today, "budget": 1_000_000,
                "company_id": company.id,
                "rule_ids": [Command.create({"value": 10, "partner_ids": [Command.set(partner.ids)]})],
            })
            promotion.action_activate()
            wallet = env["dealer.wallet"]._get_wallet(partner, "cash", company=company)
            wallet._post_transactions([{"kind": "topup", "amount": 10_000.0}], create_move=False)
            orders = env["sale.order"].create([{
                "partner_id": partner.id, "company_id": company.id, "warehouse_id": warehouse.id,
                "order_line": [Command.create({"product_id": product.id, "product_uom_qty": 1,
                                               "tax_id": [Command.clear()]})],
            } for _index in range(CANCELLED + WORKERS * ORDERS_PER_WORKER)])
            confirmed = orders[:CANCELLED]
            for order in confirmed:
                order.action_dealer_submit()
            assert confirmed.mapped("state") == ["sale"] * CANCELLED, confirmed.mapped("dealer_review_message")
            cr.commit()  # pylint: disable=invalid-commit
            self.ids = {
                "state": state.id, "region": region.id, "partner": partner.id, "authorization": authorization.id,
                "product": product.id, "promotion": promotion.id, "wallet": wallet.id,
                "confirmed": confirmed.ids, "drafts": (orders - confirmed).ids, "orders": orders.ids,
                "total": confirmed[0].amount_total,
            }
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        ids = self.ids
        with self.registry.cursor() as cr:
            cr.transaction = api.Transaction(self.registry)
            env = api.Environment(cr, SUPERUSER_ID, {"disable_cancel_warning": True})
            orders = env["sale.order"].browse(ids["orders"])
            cr.execute(SQL("DELETE FROM dealer_wallet_transaction WHERE wallet_id = %s", ids["wallet"]))
            cr.execute(SQL("DELETE FROM dealer_order_payment WHERE order_id IN %s", tuple(orders.ids)))
            orders._action_cancel()
            pickings = orders.picking_ids
            cr.execute(SQL("DELETE FROM stock_move_line WHERE product_id = %s", ids["product"]))
            cr.execute(SQL("DELETE FROM stock_move WHERE product_id = %s", ids["product"]))
            cr.execute(SQL("DELETE FROM stock_quant WHERE product_id = %s", ids["product"]))
            if pickings:
                cr.execute(SQL("DELETE FROM stock_picking WHERE id IN %s", tuple(pickings.ids)))
            env.invalidate_all()
            env["dealer.promotion.usage"].search([("sale_order_id", "in", orders.ids)]).unlink()
            orders.unlink()
            cr.execute(SQL("DELETE FROM dealer_wallet WHERE id = %s", ids["wallet"]))
            env["dealer.promotion"].browse(ids["promotion"]).unlink()
            env["dealer.product.pool"].search([("partner_ids", "in", [ids["partner"]])]).unlink()
            env["product.product"].browse(ids["product"]).product_tmpl_id.unlink()
            env["dealer.authorization"].browse(ids["authorization"]).unlink()
            env["res.partner"].browse(ids["partner"]).unlink()
            env["dealer.region"].browse(ids["region"]).unlink()
            env["res.country.state"].browse(ids["state"]).unlink()
            cr.commit()  # pylint: disable=invalid-commit

    def _run(self, func, failures):
        """Run ``func(env)`` in its own transaction, retried as Odoo's RPC layer does
        (odoo.service.model.retrying: random back-off of up to 2^try seconds), with more
        tries than its 5: sixteen transactions on one wallet row serialize, and under
        REPEATABLE READ each one that waited for the row fails once it is free and starts
        again, so an unlucky one can need more than 5 tries (the operations that did are
        logged). Every concurrency failure is recorded in ``failures``; returns ('ok',
        result), ('refused', message) or ('failed', error name)."""
        for tryno in range(1, MAX_TRIES + 1):
            with self.registry.cursor() as cr:
                cr.transaction = api.Transaction(self.registry)
                env = api.Environment(cr, SUPERUSER_ID, dict(THREAD_CONTEXT))
                try:
                    result = func(env)
                    cr.commit()  # pylint: disable=invalid-commit
                    return "ok", result
                except UserError as error:
                    cr.rollback()
                    return "refused", str(error)
                except (OperationalError, IntegrityError) as error:
                    cr.rollback()
                    failures.append(type(error).__name__)
                    if not isinstance(error, PG_CONCURRENCY_EXCEPTIONS_TO_RETRY) or tryno == MAX_TRIES:
                        return "failed", type(error).__name__
                    if tryno == MAX_TRIES_ON_CONCURRENCY_FAILURE:
                        _logger.info("an operation needed more than Odoo's %s tries", tryno)
            time.sleep(random.uniform(0.0, 2 ** min(tryno, 4)))
        return "failed", "unreachable"

    def test_sixteen_workers_never_deadlock(self):
        ids = self.ids
        drafts = ids["drafts"]
        barrier = threading.Barrier(WORKERS)
        results, failures = [], []

        def submit(order_id):
            def func(env):
                order = env["sale.order"].browse(order_id)
                order.action_dealer_submit()
                return order.dealer_review_state
            return func

        def cancel(order_id):
            def func(env):
                env["sale.order"].browse(order_id).with_context(disable_cancel_warning=True).action_cancel()
                return "cancelled"
            return func

        def worker(index):
            barrier.wait()
            jobs = [submit(drafts[index * ORDERS_PER_WORKER + k]) for k in range(ORDERS_PER_WORKER)]
            if index < CANCELLED:
                jobs.insert(1, cancel(ids["confirmed"][index]))
            for job in jobs:
                results.append(self._run(job, failures))

        threads = [threading.Thread(target=worker, args=(index,)) for index in range(WORKERS)]
        with mute_logger("odoo.sql_db"):
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=600)
        self.assertEqual(len(results), WORKERS * ORDERS_PER_WORKER + CANCELLED, "every operation finished")
        self.assertNotIn(DeadlockDetected.__name__, failures,
                         f"two transactions took the same locks in another order: {Counter(failures)}")
        self.assertEqual([result for result in results if result[0] != "ok"], [], "no failed or refused operation")
        with self.registry.cursor() as cr:
            cr.execute(SQL("SELECT balance, reserved_amount FROM dealer_wallet WHERE id = %s", ids["wallet"]))
            balance, reserved = (float(value) for value in cr.fetchone())
            cr.execute(SQL("SELECT COALESCE(-SUM(amount), 0) FROM dealer_wallet_transaction "
                           "WHERE wallet_id = %s AND effect = 'reserved'", ids["wallet"]))
            ledger_reserved = float(cr.fetchone()[0])
            cr.execute(SQL("SELECT state, dealer_review_state, amount_total FROM sale_order WHERE id IN %s",
                           tuple(ids["orders"])))
            rows = cr.fetchall()
            cr.execute(SQL("SELECT COALESCE(SUM(quantity), 0) FROM stock_quant WHERE product_id = %s "
                           "AND reserved_quantity > 0", ids["product"]))
        confirmed = [float(amount) for state, _review, amount in rows if state == "sale"]
        self.assertEqual(sum(state == "cancel" for state, _review, _amount in rows), CANCELLED)
        self.assertEqual({review for state, review, _amount in rows if state == "draft"} - {"held"}, set(),
                         "an order not confirmed was held (its wallet could not pay it)")
        self.assertEqual(balance, 10_000.0)
        self.assertAlmostEqual(reserved, sum(confirmed), msg="every confirmed order holds its reservation")
        self.assertAlmostEqual(ledger_reserved, reserved, msg="wallet reservations = ledger")
        self.assertGreaterEqual(balance - reserved, 0.0, "no overdraft")
        fits = int(balance // ids["total"])
        self.assertLessEqual(len(confirmed), fits)
        # 32 orders submitted for a wallet that fits 11: it is full, up to the orders
        # cancelled after the last submissions
        self.assertGreaterEqual(len(confirmed), fits - CANCELLED)
