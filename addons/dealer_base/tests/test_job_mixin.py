from unittest.mock import patch

from odoo.tests import BaseCase, TransactionCase, tagged

from odoo.addons.dealer_base.tools import split_ids


@tagged("at_install", "dealer_base")
class TestSplitIds(BaseCase):
    def test_chunks_keep_order_and_size(self):
        self.assertEqual(split_ids([5, 3, 9, 1, 7], 2), [[5, 3], [9, 1], [7]])
        self.assertEqual(split_ids(range(1, 7), 3), [[1, 2, 3], [4, 5, 6]])
        self.assertEqual(split_ids([], 10), [])

    def test_duplicates_dropped(self):
        self.assertEqual(split_ids([4, 4, 2, 4, 2, 8], 2), [[4, 2], [8]])

    def test_bad_sizes_refused(self):
        for size in (0, -1, 1.5, True, "3", 10001):
            with self.assertRaises(ValueError, msg=repr(size)):
                split_ids([1, 2], size)


@tagged("at_install", "dealer_base")
class TestDealerJobMixin(TransactionCase):
    """Without a job queue, the chunks and the finish method run inline, in order."""

    def test_inline_runs_every_chunk_then_finish(self):
        mixin = self.env["dealer.job.mixin"]
        calls = []
        cls = type(mixin)
        with patch.object(cls, "_test_chunk", lambda self, ids: calls.append(("chunk", ids)), create=True), \
                patch.object(cls, "_test_finish", lambda self: calls.append(("finish",)), create=True):
            queued = mixin._dealer_run_chunks("_test_chunk", [1, 2, 3, 4, 5], finish="_test_finish", chunk_size=2)
        self.assertFalse(queued)
        self.assertEqual(calls, [("chunk", [1, 2]), ("chunk", [3, 4]), ("chunk", [5]), ("finish",)])

    def test_nothing_to_do_still_finishes(self):
        mixin = self.env["dealer.job.mixin"]
        calls = []
        with patch.object(type(mixin), "_test_finish", lambda self: calls.append("finish"), create=True):
            mixin._dealer_run_chunks("_test_chunk", [], finish="_test_finish")
        self.assertEqual(calls, ["finish"])
