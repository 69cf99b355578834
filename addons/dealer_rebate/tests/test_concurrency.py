import threading

from psycopg2 import IntegrityError, OperationalError

from odoo import SUPERUSER_ID, Command, api
from odoo.api import Transaction
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL, mute_logger


@tagged("post_install", "-at_install")
class TestSettlementConcurrency(TransactionCase):
    """Two managers confirm the same settlement at the same time (double click, two
    browsers), in real concurrent transactions: the dealer is credited once."""

    def setUp(self):
        super().setUp()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True, "mail_create_nolog": True})
            env.company._dealer_wallet_setup_accounting()
            partner = env["res.partner"].create({
                "name": "并发返利经销商", "is_company": True,
                "dealer_level_id": env.ref("dealer_base.dealer_level_l1").id, "dealer_state": "active",
            })
            policy = env["dealer.rebate.policy"].create({
                "name": "并发返利", "kind": "volume", "period": "quarter", "auto_prepare": False,
                "threshold_ids": [Command.create({"min_amount": 0.0, "rate": 1.0})],
            })
            settlement = env["dealer.rebate.settlement"].create({
                "policy_id": policy.id, "date_from": "2025-04-01", "date_to": "2025-06-30",
            })
            env["dealer.rebate.settlement.line"].create({
                "settlement_id": settlement.id, "partner_id": partner.id, "base_amount": 10000.0,
                "rate": 1.0, "amount": 100.0,
            })
            settlement.write({"state": "computed"})
            cr.commit()  # pylint: disable=invalid-commit
            self.partner_id, self.policy_id = partner.id, policy.id
            self.settlement_ids = [settlement.id, settlement.id]
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.registry.cursor() as cr:
            cr.execute(SQL("SELECT id, move_id FROM dealer_wallet_transaction WHERE partner_id = %s", self.partner_id))
            rows = cr.fetchall()
            move_ids = tuple(move_id for _id, move_id in rows if move_id) or (0,)
            cr.execute(SQL("DELETE FROM dealer_rebate_settlement_line WHERE policy_id = %s", self.policy_id))
            cr.execute(SQL("DELETE FROM dealer_rebate_settlement WHERE policy_id = %s", self.policy_id))
            cr.execute(SQL("DELETE FROM dealer_rebate_threshold WHERE policy_id = %s", self.policy_id))
            cr.execute(SQL("DELETE FROM dealer_rebate_policy WHERE id = %s", self.policy_id))
            cr.execute(SQL("DELETE FROM dealer_wallet_transaction WHERE partner_id = %s", self.partner_id))
            cr.execute(SQL("DELETE FROM account_move_line WHERE move_id IN %s", move_ids))
            cr.execute(SQL("DELETE FROM account_move WHERE id IN %s", move_ids))
            cr.execute(SQL("DELETE FROM dealer_wallet WHERE partner_id = %s", self.partner_id))
            cr.execute(SQL("DELETE FROM mail_message WHERE model = 'dealer.rebate.settlement' AND res_id IN %s",
                           tuple(self.settlement_ids)))
            cr.execute(SQL("DELETE FROM res_partner WHERE id = %s", self.partner_id))
            cr.commit()  # pylint: disable=invalid-commit

    @mute_logger("odoo.sql_db")  # the refused NOWAIT lock is logged by the cursor
    def test_concurrent_confirmations_credit_once(self):
        barrier = threading.Barrier(2)
        results = [None, None]

        def confirm(index, settlement_id):
            barrier.wait()
            with self.registry.cursor() as cr:
                # bind the transaction to the test's registry: looking the registry up by
                # name would wait for the registry lock the test runner holds
                cr.transaction = Transaction(self.registry)
                env = api.Environment(cr, SUPERUSER_ID, {})
                try:
                    env["dealer.rebate.settlement"].browse(settlement_id).action_confirm()
                    cr.commit()  # pylint: disable=invalid-commit
                    results[index] = "ok"
                except (UserError, IntegrityError, OperationalError) as error:
                    cr.rollback()
                    results[index] = "refused: %s" % error
                except Exception as error:  # reported by the assertion below
                    cr.rollback()
                    results[index] = "crashed: %r" % error
                    raise

        threads = [threading.Thread(target=confirm, args=(i, sid)) for i, sid in enumerate(self.settlement_ids)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        self.assertEqual(sorted(r[:7] for r in results), ["ok", "refused"], results)
        with self.registry.cursor() as cr:
            cr.execute(SQL(
                "SELECT COUNT(*), COALESCE(SUM(amount), 0) FROM dealer_wallet_transaction WHERE partner_id = %s",
                self.partner_id,
            ))
            count, total = cr.fetchone()
            cr.execute(SQL("SELECT balance FROM dealer_wallet WHERE partner_id = %s AND wallet_type = 'rebate'",
                           self.partner_id))
            balance = cr.fetchone()[0]
            cr.execute(SQL("SELECT state, COUNT(*) FROM dealer_rebate_settlement_line WHERE policy_id = %s "
                           "GROUP BY state", self.policy_id))
            states = dict(cr.fetchall())
        self.assertEqual((count, float(total), float(balance)), (1, 100.0, 100.0), "credited once")
        self.assertEqual(states, {"posted": 1})
