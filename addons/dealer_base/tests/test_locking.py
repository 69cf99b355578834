from psycopg2 import errors as pg_errors

from odoo import api
from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL, mute_logger

from odoo.addons.dealer_base.tools import lock_rows


@tagged("at_install", "dealer_base")
class TestLockRows(TransactionCase):
    """The suite's one row lock, held against a second real transaction."""

    def _other_transaction_locks(self, records, **kwargs):
        """Try the same lock from another connection without waiting: True when it got it."""
        with self.registry.cursor() as cr, mute_logger("odoo.sql_db"):
            other = api.Environment(cr, self.env.uid, {})[records._name].browse(records.ids)
            try:
                lock_rows(other, nowait=True, **kwargs)
            except pg_errors.LockNotAvailable:
                return False
            finally:
                cr.rollback()
            return True

    def test_locked_rows_are_held_until_the_end_of_the_transaction(self):
        levels = self.env["dealer.level"].search([], order="id", limit=3)
        self.assertEqual(len(levels), 3)
        self.assertTrue(self._other_transaction_locks(levels[2]), "nothing locked yet")
        self.assertEqual(lock_rows(levels[:2], ["name"]), levels[:2])
        self.assertFalse(self._other_transaction_locks(levels[1]))
        self.assertTrue(self._other_transaction_locks(levels[2]), "only the given rows")

    def test_where_selects_other_rows(self):
        levels = self.env["dealer.level"].search([], order="id", limit=2)
        code = levels[1].code
        lock_rows(levels[0], where=SQL("code = %s", code))
        self.assertFalse(self._other_transaction_locks(levels[1]))
        self.assertTrue(self._other_transaction_locks(levels[0]), "the where clause replaced the ids")

    def test_empty_recordset_locks_nothing(self):
        empty = self.env["dealer.level"]
        with self.assertQueryCount(0):
            self.assertEqual(lock_rows(empty), empty)
