from odoo.exceptions import UserError
from odoo.tests import TransactionCase

from ..tools import savepoint_keeping_tracking


class TestSavepointKeepingTracking(TransactionCase):
    """Field tracking across a savepoint is written once, at the commit, as without it."""

    def setUp(self):
        super().setUp()
        self.partner = self.env["res.partner"].create({"name": "跟踪测试公司", "is_company": True})
        self._commit()

    def _commit(self):
        """What a commit runs first: the flush and the pre-commit hooks (tracking)."""
        self.env.flush_all()
        self.env.cr.precommit.run()

    def _tracking(self, partner=None):
        messages = (partner or self.partner).message_ids.filtered("tracking_value_ids")
        return [[(value.field_id.name, value.old_value_char, value.new_value_char)
                 for value in message.tracking_value_ids] for message in messages.sorted("id")]

    def test_odoo_savepoint_tracks_at_each_flush(self):
        """The behaviour the helper corrects: Odoo's savepoint writes the tracking so far."""
        self.partner.dealer_code = "T-A"
        with self.env.cr.savepoint():
            self.partner.dealer_code = "T-B"
        self._commit()
        self.assertEqual(self._tracking(), [[("dealer_code", False, "T-A")], [("dealer_code", "T-A", "T-B")]])

    def test_one_message_at_commit(self):
        self.partner.dealer_code = "T-A"
        with savepoint_keeping_tracking(self.partner):
            self.partner.dealer_code = "T-B"
        self.partner.dealer_code = "T-C"
        self.assertFalse(self._tracking(), "nothing is written before the commit")
        self._commit()
        self.assertEqual(self._tracking(), [[("dealer_code", False, "T-C")]])

    def test_rolled_back_change_is_not_tracked(self):
        self.partner.dealer_code = "T-A"
        with self.assertRaises(UserError), savepoint_keeping_tracking(self.partner):
            self.partner.dealer_code = "T-B"
            raise UserError(self.env._("refused"))
        self.assertEqual(self.partner.dealer_code, "T-A")
        self._commit()
        self.assertEqual(self._tracking(), [[("dealer_code", False, "T-A")]])

    def test_record_created_in_the_transaction_stays_untracked(self):
        partner = self.env["res.partner"].create({"name": "新建公司", "is_company": True})
        with savepoint_keeping_tracking(partner):
            partner.dealer_code = "T-N"
        partner.dealer_code = "T-M"
        self._commit()
        self.assertEqual(self._tracking(partner), [], "Odoo does not track a record created in the transaction")

    def test_other_records_keep_odoo_behaviour(self):
        other = self.env["res.partner"].create({"name": "其他公司", "is_company": True})
        self._commit()
        other.dealer_code = "T-O"
        with savepoint_keeping_tracking(self.partner):
            self.partner.dealer_code = "T-P"
        # the savepoint wrote the tracking of the other record, as Odoo's does
        self.assertEqual(self._tracking(other), [[("dealer_code", False, "T-O")]])
        self._commit()
        self.assertEqual(self._tracking(), [[("dealer_code", False, "T-P")]])
