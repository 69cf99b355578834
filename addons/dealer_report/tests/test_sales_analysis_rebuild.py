from datetime import timedelta
from unittest.mock import patch

from psycopg2.errors import LockNotAvailable

from odoo import fields
from odoo.exceptions import UserError
from odoo.sql_db import db_connect
from odoo.tests import tagged
from odoo.tools import SQL, mute_logger

from odoo.addons.dealer_base.tools import split_ids
from odoo.addons.dealer_report.models import dealer_sales_analysis
from odoo.addons.dealer_report.models.dealer_sales_analysis import (
    REBUILD_PLANNED_PARAM,
    REFRESH_LOCK_KEY,
    REFRESH_PARAM,
    ROLLUP_TABLE,
)
from odoo.addons.dealer_report.tests.common import DealerReportCommon, utc


@tagged("post_install", "-at_install")
class TestSalesAnalysisRebuild(DealerReportCommon):
    """The full rebuild by chunks of dealers (the chunk and last-step methods the job queue
    runs) against the one-statement full rebuild of refresh(full=True)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        A, B = cls.item_a, cls.item_b
        cls._confirmed(cls.dealer, utc(2024, 3, 10, 10), [(A, 10, 100.0), (B, 4, 50.0)])
        cls.o_dealer = cls._confirmed(cls.dealer, utc(2025, 3, 5, 10), [(A, 12, 100.0)])
        cls._confirmed(cls.dealer2, utc(2025, 3, 15, 10), [(B, 10, 50.0)], pricelist_id=cls.pricelist_eur.id)
        cls._confirmed(cls.dealer2, utc(2024, 3, 15, 10), [(A, 2, 100.0)])
        cls._confirmed(cls.customer, utc(2025, 3, 10, 10), [(A, 1, 100.0)])
        cls.Param = cls.env["ir.config_parameter"].sudo()

    def _chunks(self, size=None):
        """The chunks of the rebuild: ``dealer`` and ``dealer2`` never in the same one."""
        ids = self.Analysis._rebuild_partner_ids()
        self.assertEqual(ids, sorted(ids))
        self.assertIn(self.dealer.id, ids)
        self.assertIn(self.dealer2.id, ids)
        others = [partner_id for partner_id in ids if partner_id not in (self.dealer.id, self.dealer2.id)]
        return [[self.dealer.id], [self.dealer2.id], *split_ids(others, size or max(1, len(others) // 2 + 1))]

    def _full(self):
        self.Analysis.refresh(full=True)
        return self._analysis_snapshot()

    def _spoil(self):
        """Rows a rebuild must repair: the dealer's amounts off, a row of dealer2 gone, a row of
        a customer that is not a dealer."""
        cr = self.env.cr
        self.env.flush_all()
        for table in ("dealer_sales_analysis", ROLLUP_TABLE):
            cr.execute(SQL("UPDATE %s SET amount = amount + 1 WHERE partner_id = %s",
                           SQL.identifier(table), self.dealer.id))
            cr.execute(SQL("DELETE FROM %s WHERE id IN (SELECT MIN(id) FROM %s WHERE partner_id = %s)",
                           SQL.identifier(table), SQL.identifier(table), self.dealer2.id))
        cr.execute(SQL("""
            INSERT INTO dealer_sales_analysis (date, partner_id, company_id, product_id, qty, amount,
                                               qty_last_year, amount_last_year, amount_growth)
            VALUES ('2025-03-01', %s, %s, %s, 1, 100, 0, 0, 100)
        """, self.customer.id, self.company.id, self.item_a.id))

    def _plan(self, when="2026-01-10 08:00:00"):
        self.Param.set_param(REBUILD_PLANNED_PARAM, when)

    def test_chunks_equal_full_rebuild(self):
        """Chunk by chunk, in any order, one of them twice, then the last step: the rows of the
        analysis and of the rollup are exactly those of the one-statement rebuild."""
        full = self._full()
        self.assertTrue(full[0] and full[1])
        self.assertNotIn(self.customer.id, self.Analysis._rebuild_partner_ids(), "not a dealer, no rows")
        self._spoil()
        self.assertNotEqual(self._analysis_snapshot(), full)
        chunks = self._chunks()
        self.assertIn(self.customer.id, sum(chunks, []), "its rows: its chunk deletes them")
        self._plan()
        for chunk in reversed(chunks):
            result = self.Analysis._rebuild_chunk(chunk)
            self.assertIsInstance(result["rows"], int)
        self.Analysis._rebuild_chunk(chunks[0])
        self.Analysis._rebuild_finish()
        self.assertEqual(self._analysis_snapshot(), full)
        # the incremental refresh re-reads from when the rebuild was planned
        self.assertEqual(self.Param.get_param(REFRESH_PARAM), "2026-01-10 08:00:00")
        self.assertFalse(self.Param.get_param(REBUILD_PLANNED_PARAM))
        # the last step again changes nothing (and leaves the time of the last refresh)
        self.Analysis._rebuild_finish()
        self.assertEqual(self._analysis_snapshot(), full)
        self.assertEqual(self.Param.get_param(REFRESH_PARAM), "2026-01-10 08:00:00")

    def test_chunk_twice_same_rows(self):
        full = self._full()
        chunk = [self.dealer.id, self.dealer2.id]
        self.assertGreater(self.Analysis._rebuild_chunk(chunk)["rows"], 0)
        once = self._analysis_snapshot()
        self.assertEqual(once, full)
        self.Analysis._rebuild_chunk(chunk)
        self.assertEqual(self._analysis_snapshot(), once)

    def test_former_dealer_loses_rows_in_last_step(self):
        """A dealer that lost its level after its chunk ran: the last step deletes its rows (the
        analysis and the rollup), as the one-statement rebuild does not write them."""
        self._full()
        chunks = self._chunks()
        self._plan()
        for chunk in chunks:
            self.Analysis._rebuild_chunk(chunk)
        self.assertTrue(self.Analysis.search_count([("partner_id", "=", self.dealer2.id)]))
        self.dealer2.write({"dealer_level_id": False, "dealer_parent_id": False})
        self.Analysis._rebuild_finish()
        self.assertFalse(self.Analysis.search_count([("partner_id", "=", self.dealer2.id)]))
        self.env.cr.execute(SQL("SELECT count(*) FROM %s WHERE partner_id = %s",
                                SQL.identifier(ROLLUP_TABLE), self.dealer2.id))
        self.assertEqual(self.env.cr.fetchone()[0], 0)
        self.assertTrue(self.Analysis.search_count([("partner_id", "=", self.dealer.id)]))
        by_chunks = self._analysis_snapshot()
        self.assertEqual(self._full(), by_chunks)
        # planned after it lost its level, dealer2 is still in the chunks (it has rows): its
        # chunk deletes them
        self.env.cr.execute(SQL("UPDATE dealer_sales_analysis SET partner_id = %s WHERE partner_id = %s",
                                self.dealer2.id, self.dealer.id))
        self.assertIn(self.dealer2.id, self.Analysis._rebuild_partner_ids())
        self.Analysis._rebuild_chunk([self.dealer2.id])
        self.assertFalse(self.Analysis.search_count([("partner_id", "=", self.dealer2.id)]))

    def test_incremental_refresh_between_chunks(self):
        """Orders confirmed and cancelled while the chunks run, an incremental refresh between
        two chunks, then the other chunks and the last step: the rows of a full rebuild; the
        next incremental refresh re-reads from when the rebuild was planned."""
        self._full()
        self.env.flush_all()
        self.env.cr.execute("UPDATE sale_order SET write_date = write_date - interval '1 hour'")
        self.env.cr.execute("UPDATE res_partner SET write_date = write_date - interval '1 hour'")
        self.env.invalidate_all()
        chunks = self._chunks()
        planned = self.env.cr.now().replace(microsecond=0) - timedelta(seconds=30)
        self._plan(fields.Datetime.to_string(planned))
        self.Analysis._rebuild_chunk(chunks[0])  # the dealer
        # after the dealer's chunk: a new order of the dealer and of dealer2, one cancelled
        self._confirmed(self.dealer, utc(2025, 3, 20, 10), [(self.item_b, 6, 50.0)])
        self._confirmed(self.dealer2, utc(2025, 4, 2, 10), [(self.item_a, 3, 100.0)])
        self.o_dealer._action_cancel()
        result = self.Analysis.refresh()
        self.assertFalse(result["full"])
        self.assertGreater(result["keys"], 0)
        for chunk in chunks[1:]:
            self.Analysis._rebuild_chunk(chunk)
        self.Analysis._rebuild_finish()
        self.assertEqual(self.Analysis._get_refreshed_at(), planned)
        by_chunks = self._analysis_snapshot()
        self.assertEqual(self._full(), by_chunks)
        # a change after the dealer's chunk, without the incremental refresh in between: the
        # next incremental refresh (from the planned time) finds it
        self._plan(fields.Datetime.to_string(planned))
        self.Analysis._rebuild_chunk(chunks[0])
        self._confirmed(self.dealer, utc(2025, 5, 2, 10), [(self.item_a, 1, 100.0)])
        for chunk in chunks[1:]:
            self.Analysis._rebuild_chunk(chunk)
        self.Analysis._rebuild_finish()
        self.Analysis.refresh()
        incremental = self._analysis_snapshot()
        self.assertEqual(self._full(), incremental)

    def test_cron_without_job_queue_rebuilds_in_one_statement(self):
        """No job queue takes the chunks (dealer_base's answer): the nightly job rebuilds in one
        INSERT over every key, as before, and sets the time of the last refresh to now."""
        full = self._full()
        self._spoil()
        Analysis = type(self.Analysis)
        insert_query = Analysis._insert_query
        calls = []

        def record_insert(model, touched, now, dealers=False):
            calls.append((touched, dealers))
            return insert_query(model, touched, now, dealers=dealers)

        self.Param.set_param(REFRESH_PARAM, "2020-01-01 00:00:00")
        # a rebuild by chunks left unfinished (its jobs failed, then the job queue was removed)
        self._plan("2020-01-01 00:00:00")
        partner_ids = self.Analysis._rebuild_partner_ids()
        with patch.object(Analysis, "_dealer_queue_chunks", return_value=False) as queue, \
                patch.object(Analysis, "_rebuild_chunk", side_effect=AssertionError("no chunk inline")), \
                patch.object(Analysis, "_insert_query", record_insert):
            self.Analysis._cron_refresh(full=True)
        self.assertEqual(queue.call_count, 1)
        method, chunks = queue.call_args.args
        self.assertEqual((method, queue.call_args.kwargs["finish"]), ("_rebuild_chunk", "_rebuild_finish"))
        self.assertEqual(sum(chunks, []), partner_ids)
        self.assertEqual(calls, [(None, False)], "one INSERT over every key")
        self.assertEqual(self._analysis_snapshot(), full)
        self.assertEqual(self.Analysis._get_refreshed_at().date(), self.env.cr.now().date())
        self.assertFalse(self.Param.get_param(REBUILD_PLANNED_PARAM), "of no use after a full rebuild")

    def test_chunk_waits_for_the_refresh_lock(self):
        """Another transaction refreshing (it holds the refresh lock): a chunk waits for it, then
        gives up with PostgreSQL's lock timeout (a concurrency error: the job queue retries the
        job later); the incremental refresh does not wait (the cron skips that run).

        No refresh ran in this test's transaction before (it would hold the lock until the end)."""
        other = db_connect(self.env.cr.dbname).cursor()
        self.addCleanup(other.close)
        other.execute(SQL("SELECT pg_try_advisory_xact_lock(%s)", REFRESH_LOCK_KEY))
        self.assertTrue(other.fetchone()[0], "the other transaction refreshes")
        before = self._analysis_snapshot()
        with patch.object(dealer_sales_analysis, "REBUILD_LOCK_TIMEOUT", "200ms"), \
                mute_logger("odoo.sql_db"), self.assertRaises(LockNotAvailable), self.env.cr.savepoint():
            self.Analysis._rebuild_chunk([self.dealer.id])
        with self.assertRaises(UserError), self.env.cr.savepoint():
            self.Analysis.refresh()
        self.assertEqual(self._analysis_snapshot(), before)
        other.rollback()
        self.Analysis._rebuild_chunk([self.dealer.id])
        self.assertTrue(self.Analysis.search_count([("partner_id", "=", self.dealer.id)]))
        self.assertFalse(self.Analysis.search_count([("partner_id", "=", self.dealer2.id)]), "not its chunk")
        # the chunk's wait is bounded for the lock only
        self.env.cr.execute("SHOW lock_timeout")
        self.assertEqual(self.env.cr.fetchone()[0], "0")
