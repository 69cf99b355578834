import random
import threading
import time

from psycopg2 import IntegrityError, OperationalError

from odoo import SUPERUSER_ID, api
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL, mute_logger

WORKERS = 8


def run_with_retry(registry, func, max_tries=60, context=None):
    """Run ``func(env)`` in its own cursor, retrying on serialization failures like
    Odoo's RPC layer does. Returns ('ok', result), ('refused', message) or
    ('gave_up', None). Shared by the suite's real-concurrency tests."""
    for _attempt in range(max_tries):
        with registry.cursor() as cr:
            # bind the transaction to the registry we have: Environment() would otherwise
            # look the registry up under the registry lock, held by the test runner
            cr.transaction = api.Transaction(registry)
            env = api.Environment(cr, SUPERUSER_ID, dict(context or {}))
            try:
                result = func(env)
                cr.commit()  # pylint: disable=invalid-commit
                return "ok", result
            except UserError as error:
                cr.rollback()
                return "refused", str(error)
            except (OperationalError, IntegrityError):
                # concurrent update of the wallet row: the whole transaction is retried
                cr.rollback()
        time.sleep(random.uniform(0.0, 0.02))
    return "gave_up", None


@tagged("post_install", "-at_install")
class TestWalletConcurrency(TransactionCase):
    """Real concurrent transactions (threads with their own cursors) on one wallet."""

    def setUp(self):
        super().setUp()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True, "mail_create_nolog": True})
            partner = env["res.partner"].create({
                "name": "Concurrency Dealer", "is_company": True,
                "dealer_level_id": env.ref("dealer_base.dealer_level_l1").id, "dealer_state": "active",
            })
            wallet = env["dealer.wallet"]._get_wallet(partner, "cash")
            wallet._post_transactions([{"kind": "topup", "amount": 100.0}], create_move=False)
            cr.commit()  # pylint: disable=invalid-commit
            self.partner_id, self.wallet_id = partner.id, wallet.id
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.registry.cursor() as cr:
            cr.execute(SQL("DELETE FROM dealer_wallet_transaction WHERE wallet_id = %s", self.wallet_id))
            cr.execute(SQL("DELETE FROM dealer_wallet WHERE id = %s", self.wallet_id))
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["res.partner"].browse(self.partner_id).unlink()
            cr.commit()  # pylint: disable=invalid-commit

    def _run_threads(self, funcs):
        barrier = threading.Barrier(len(funcs))
        results = [None] * len(funcs)

        def target(index, func):
            barrier.wait()
            results[index] = run_with_retry(self.registry, func)

        threads = [threading.Thread(target=target, args=(i, f)) for i, f in enumerate(funcs)]
        # the serialization failures the workers retry are logged by odoo.sql_db
        with mute_logger("odoo.sql_db"):
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=120)
        return results

    def _state(self):
        with self.registry.cursor() as cr:
            cr.execute(SQL("SELECT balance, reserved_amount FROM dealer_wallet WHERE id = %s", self.wallet_id))
            balance, reserved = cr.fetchone()
            cr.execute(SQL(
                "SELECT COALESCE(SUM(amount), 0), COUNT(*), MIN(balance_after) FROM dealer_wallet_transaction "
                "WHERE wallet_id = %s AND effect = 'balance'", self.wallet_id,
            ))
            ledger, count, min_after = cr.fetchone()
        return float(balance), float(reserved), float(ledger), count, float(min_after)

    def _debit(self, amount, key):
        return lambda env: env["dealer.wallet"].browse(self.wallet_id)._debit(
            amount, idempotency_key=key, create_move=False).id

    def test_no_overdraft(self):
        results = self._run_threads([self._debit(20.0, "overdraft-%s" % i) for i in range(WORKERS)])
        statuses = [status for status, _value in results]
        self.assertEqual(statuses.count("ok"), 5, results)
        self.assertEqual(statuses.count("refused"), 3, results)
        balance, _reserved, ledger, count, min_after = self._state()
        self.assertEqual(balance, 0.0)
        self.assertEqual(ledger, balance, "wallet balance = sum of the ledger")
        self.assertEqual(count, 6)
        self.assertGreaterEqual(min_after, 0.0)

    def test_no_lost_update(self):
        def credit(key):
            return lambda env: env["dealer.wallet"].browse(self.wallet_id)._credit(
                1.0, idempotency_key=key, create_move=False).id

        funcs = [credit("credit-%s" % i) for i in range(WORKERS)] + [self._debit(1.0, "debit-%s" % i)
                                                                    for i in range(WORKERS)]
        results = self._run_threads(funcs)
        self.assertEqual([status for status, _value in results], ["ok"] * 2 * WORKERS, results)
        balance, _reserved, ledger, count, _min_after = self._state()
        self.assertEqual(balance, 100.0)
        self.assertEqual(ledger, 100.0)
        self.assertEqual(count, 1 + 2 * WORKERS)

    def test_idempotent_retries(self):
        results = self._run_threads([self._debit(10.0, "same-request") for _i in range(WORKERS)])
        self.assertEqual({status for status, _value in results}, {"ok"}, results)
        self.assertEqual(len({value for _status, value in results}), 1, "every retry got the same transaction")
        balance, _reserved, ledger, count, _min_after = self._state()
        self.assertEqual(balance, 90.0, "charged once")
        self.assertEqual(ledger, 90.0)
        self.assertEqual(count, 2)

    def test_reservations_never_exceed_balance(self):
        def reserve(env):
            return env["dealer.wallet"].browse(self.wallet_id)._reserve(30.0, origin="concurrent order").id

        results = self._run_threads([reserve for _i in range(WORKERS)])
        self.assertEqual([status for status, _value in results].count("ok"), 3, results)
        balance, reserved, _ledger, _count, _min_after = self._state()
        self.assertEqual((balance, reserved), (100.0, 90.0))
