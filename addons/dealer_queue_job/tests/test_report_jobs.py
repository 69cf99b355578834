from unittest.mock import patch

from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.dealer_base.tools import split_ids
from odoo.addons.dealer_report.models import dealer_sales_analysis
from odoo.addons.dealer_report.models.dealer_sales_analysis import REBUILD_PLANNED_PARAM, REFRESH_PARAM
from odoo.addons.dealer_report.tests.common import DealerReportCommon, utc

from .common import run_pending_jobs

PREFIX = "dealer.sales.analysis,:"


@tagged("post_install", "-at_install")
class TestReportJobs(DealerReportCommon):
    """The nightly full rebuild of the channel sales analysis as one job per chunk of dealers,
    then a last job."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        A, B = cls.item_a, cls.item_b
        cls._confirmed(cls.dealer, utc(2024, 3, 10, 10), [(A, 10, 100.0), (B, 4, 50.0)])
        cls._confirmed(cls.dealer, utc(2025, 3, 5, 10), [(A, 12, 100.0)])
        cls._confirmed(cls.dealer2, utc(2025, 3, 15, 10), [(B, 10, 50.0)], pricelist_id=cls.pricelist_eur.id)
        cls._confirmed(cls.customer, utc(2025, 3, 10, 10), [(A, 1, 100.0)])
        cls.Param = cls.env["ir.config_parameter"].sudo()
        # the one-statement full rebuild, to compare with
        cls.Analysis.refresh(full=True)
        cls.Param.set_param(REFRESH_PARAM, "2020-01-01 00:00:00")
        cls.Param.set_param("dealer_queue_job.mode", "jobs")

    def _chunk_size(self):
        """About three chunks, whatever the number of dealers."""
        return max(1, -(-len(self.Analysis._rebuild_partner_ids()) // 3))

    def _cron_full(self):
        with patch.object(dealer_sales_analysis, "REBUILD_CHUNK_SIZE", self._chunk_size()):
            self.Analysis._cron_refresh(full=True)

    def _jobs(self):
        return self.env["queue.job"].sudo().search([("identity_key", "=like", PREFIX + "%")], order="id")

    def _spoil(self):
        self.env.flush_all()
        self.env.cr.execute("UPDATE dealer_sales_analysis SET amount = amount + 1, qty = 0")
        self.env.cr.execute("UPDATE dealer_sales_analysis_dealer_month SET amount = amount + 1")

    def test_one_job_per_chunk_in_the_dealer_channel(self):
        expected_chunks = split_ids(self.Analysis._rebuild_partner_ids(), self._chunk_size())
        self.assertGreaterEqual(len(expected_chunks), 3)
        self._cron_full()
        jobs = self._jobs()
        chunks = jobs.filtered(lambda job: job.method_name == "_rebuild_chunk")
        finish = jobs - chunks
        self.assertEqual(sorted(job.args[0] for job in chunks), sorted(expected_chunks))
        self.assertEqual(set(jobs.mapped("channel")), {"root.dealer"})
        self.assertEqual(set(chunks.mapped("state")), {"pending"})
        self.assertEqual(len(set(jobs.mapped("identity_key"))), len(jobs))
        self.assertTrue(all(key.startswith(PREFIX + "_rebuild_chunk:") for key in chunks.mapped("identity_key")))
        self.assertEqual((finish.method_name, finish.state, finish.identity_key),
                         ("_rebuild_finish", "wait_dependencies", PREFIX + "_rebuild_finish:finish"))
        self.assertEqual(finish.dependencies["depends_on"] and len(finish.dependencies["depends_on"]), len(chunks))
        self.assertEqual(chunks[0].job_function_id.channel, "root.dealer")
        self.assertEqual(finish.job_function_id.channel, "root.dealer")
        self.assertEqual({int(tries): delay for tries, delay in chunks[0].job_function_id.retry_pattern.items()},
                         {1: 10, 3: 60, 5: 300})
        self.assertEqual((chunks[0].model_name, chunks[0].records.ids), ("dealer.sales.analysis", []))
        planned = self.Param.get_param(REBUILD_PLANNED_PARAM)
        self.assertTrue(planned)
        self.assertEqual(self.Param.get_param(REFRESH_PARAM), "2020-01-01 00:00:00", "nothing rebuilt yet")
        # the next night (or a second run) while they wait: nothing queued twice
        self._cron_full()
        self.assertEqual(self._jobs(), jobs)
        self.assertEqual(self.Param.get_param(REBUILD_PLANNED_PARAM), planned)
        # the incremental refresh still runs in its cron
        self.Analysis._cron_refresh()
        self.assertNotEqual(self.Param.get_param(REFRESH_PARAM), "2020-01-01 00:00:00")
        self.assertEqual(self._jobs(), jobs)

    def test_jobs_equal_one_statement_rebuild(self):
        full = self._analysis_snapshot()
        self._spoil()
        self._cron_full()
        planned = self.Param.get_param(REBUILD_PLANNED_PARAM)
        finish = self._jobs().filtered(lambda job: job.method_name == "_rebuild_finish")
        performed = run_pending_jobs(self.env)
        self.assertEqual(len(performed), len(self._jobs()))
        self.assertEqual(performed[-1], finish.uuid, "the last step runs after every chunk")
        self.assertEqual(set(self._jobs().mapped("state")), {"done"})
        self.assertEqual(self._analysis_snapshot(), full)
        self.assertEqual(self.Param.get_param(REFRESH_PARAM), planned)
        self.assertFalse(self.Param.get_param(REBUILD_PLANNED_PARAM))
        # done: the next night queues a new rebuild
        self._cron_full()
        self.assertEqual(len(self._jobs().filtered(lambda job: job.state != "done")), len(performed))

    def test_retried_chunk_changes_nothing(self):
        self._cron_full()
        run_pending_jobs(self.env)
        rebuilt = self._analysis_snapshot()
        refreshed_at = self.Param.get_param(REFRESH_PARAM)
        chunk = self._jobs().filtered(
            lambda job: job.method_name == "_rebuild_chunk" and self.dealer.id in job.args[0])
        self.assertEqual(len(chunk), 1)
        chunk.requeue()
        run_pending_jobs(self.env)
        self.assertEqual(chunk.state, "done")
        self.assertEqual(self._analysis_snapshot(), rebuilt)
        self.assertEqual(self.Param.get_param(REFRESH_PARAM), refreshed_at)

    def test_failed_chunk_recorded_and_last_step_waits(self):
        full = self._analysis_snapshot()
        self._spoil()
        self._cron_full()
        Analysis = type(self.Analysis)
        collect = Analysis._collect_dealer_orders
        dealer = self.dealer

        def refuse_dealer(model, partner_ids):
            if dealer.id in partner_ids:
                raise UserError(self.env._("The orders of %(dealer)s cannot be read.", dealer=dealer.name))
            return collect(model, partner_ids)

        with patch.object(Analysis, "_collect_dealer_orders", refuse_dealer):
            run_pending_jobs(self.env)
        jobs = self._jobs()
        failed = jobs.filtered(lambda job: job.state == "failed")
        self.assertEqual(len(failed), 1)
        self.assertIn(dealer.id, failed.args[0])
        self.assertIn("cannot be read", failed.exc_message)
        self.assertEqual(failed.exc_name, "UserError")
        finish = jobs.filtered(lambda job: job.method_name == "_rebuild_finish")
        self.assertEqual(finish.state, "wait_dependencies")
        self.assertEqual(set((jobs - failed - finish).mapped("state")), {"done"})
        self.assertTrue(self.Param.get_param(REBUILD_PLANNED_PARAM), "not finished")
        self.assertEqual(self.Param.get_param(REFRESH_PARAM), "2020-01-01 00:00:00")
        # the other chunks are written, the failed one's dealers still as they were
        self.assertNotEqual(self._analysis_snapshot(), full)
        failed.requeue()
        run_pending_jobs(self.env)
        self.assertEqual(set(self._jobs().mapped("state")), {"done"})
        self.assertEqual(self._analysis_snapshot(), full)
