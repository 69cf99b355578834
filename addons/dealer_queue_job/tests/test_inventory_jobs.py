from unittest.mock import patch

from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import SQL

from odoo.addons.dealer_base.tools import split_ids
from odoo.addons.dealer_inventory.models import dealer_channel_stock, dealer_replenishment
from odoo.addons.dealer_inventory.tests.common import DealerInventoryCommon

from .common import run_pending_jobs


@tagged("post_install", "-at_install")
class TestInventoryJobs(DealerInventoryCommon):
    """The daily rebuild of the channel stock and the daily replenishment suggestions as one job
    per chunk of dealers (model-level work: the jobs' recordsets are empty)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        b = cls.item_b
        for partner in (cls.dealer, cls.other, cls.store):
            cls._deliver(partner, [(b, 60), (cls.item_a, 10)], days_ago=20)
            cls._report(partner, "sellout", [(b, 57)], days_ago=1, period=10)
        cls.env["ir.config_parameter"].sudo().set_param("dealer_queue_job.mode", "jobs")

    def _jobs(self, model):
        return self.env["queue.job"].sudo().search([("identity_key", "=like", "%s,:%%" % model)], order="id")

    def _rebuild_as_jobs(self, size=3):
        with patch.object(dealer_channel_stock, "REBUILD_CHUNK_SIZE", size):
            self.Stock._cron_dealer_rebuild()
        return self._jobs("dealer.channel.stock")

    def _suggestions_as_jobs(self, size=2):
        with patch.object(dealer_replenishment, "SUGGESTION_CHUNK_SIZE", size):
            self.Replenishment._cron_compute_suggestions()
        return self._jobs("dealer.replenishment")

    def _suggestion_rows(self):
        self.env.flush_all()
        self.env.cr.execute(
            """SELECT partner_id, product_id, company_id, date, velocity, estimated_qty, in_transit_qty, days,
                      need_qty, min_qty, multiple_qty, suggested_qty
                 FROM dealer_replenishment ORDER BY partner_id, product_id, company_id""")
        return self.env.cr.fetchall()

    def _active_dealers(self):
        return self.env["res.partner"].sudo().search([("is_dealer", "=", True), ("dealer_state", "=", "active"),
                                               ("is_company", "=", True)])

    # ------------------------------------------------------------------
    # Channel stock rebuild
    # ------------------------------------------------------------------
    def test_rebuild_one_job_per_chunk_of_dealers(self):
        table = self.assertStockMatchesRebuild()
        self._corrupt_stock()
        spoiled = self._stock_table()
        chunks = split_ids(self.Stock._dealer_rebuild_partner_ids(), 3)
        self.assertGreater(len(chunks), 1)
        jobs = self._rebuild_as_jobs()
        self.assertEqual(self._stock_table(), spoiled, "the cron only queued the work")
        chunk_jobs = jobs.filtered(lambda job: job.method_name == "_dealer_rebuild_chunk")
        finish = jobs - chunk_jobs
        self.assertEqual(sorted(job.args[0] for job in chunk_jobs), chunks)
        self.assertEqual(set(chunk_jobs.mapped("state")), {"pending"})
        self.assertEqual((finish.method_name, finish.state), ("_dealer_rebuild_finish", "wait_dependencies"))
        self.assertEqual(set(finish.dependencies["depends_on"]), set(chunk_jobs.mapped("uuid")))
        self.assertEqual(set(jobs.mapped("channel")), {"root.dealer"})
        self.assertEqual(chunk_jobs[0].job_function_id.channel, "root.dealer")
        self.assertEqual(chunk_jobs[0].job_function_id._parse_retry_pattern(), {1: 10, 3: 60, 5: 300})
        self.assertEqual(finish.job_function_id.channel, "root.dealer")
        self.assertEqual(chunk_jobs[0].max_retries, 5)
        self.assertEqual(len(set(jobs.mapped("identity_key"))), len(jobs))
        self.assertTrue(chunk_jobs[0].identity_key.startswith("dealer.channel.stock,:_dealer_rebuild_chunk:"))
        self.assertEqual(finish.identity_key, "dealer.channel.stock,:_dealer_rebuild_finish:finish")
        first = chunk_jobs.filtered(lambda job: job.args[0] == chunks[0])
        self.assertEqual(first.name, "Rebuild of the channel stock (1/%s)" % len(chunks))
        self.assertEqual(chunk_jobs[0].records, self.Stock, "model-level work: an empty recordset")
        self.assertEqual(finish.name, "Rebuild of the channel stock (last step)")
        # the next run while they wait queues nothing
        self.assertEqual(self._rebuild_as_jobs(), jobs)

        performed = run_pending_jobs(self.env)
        self.assertEqual(len(performed), len(jobs))
        self.assertEqual(performed[-1], finish.uuid, "the last step runs after every chunk")
        self.assertEqual(set(jobs.mapped("state")), {"done"})
        self.assertEqual(self.assertStockMatchesRebuild(), table, "the rows of the full rebuild")
        # a chunk retried (requeued) changes nothing
        chunk_jobs[0].requeue()
        run_pending_jobs(self.env)
        self.assertEqual(chunk_jobs[0].state, "done")
        self.assertEqual(self._stock_table(), table)
        # done: the next run queues the rebuild again
        self.assertGreater(len(self._rebuild_as_jobs()), len(jobs))

    def test_rebuild_failed_chunk(self):
        table = self.assertStockMatchesRebuild()
        self._corrupt_stock()
        jobs = self._rebuild_as_jobs(size=1)
        Stock = type(self.Stock)
        refresh = Stock._dealer_refresh
        blocked = self.other.id

        def refuse(stock, partner_ids=None, product_ids=None):
            if partner_ids and blocked in partner_ids:
                raise UserError(self.env._("The facts of %(dealer)s cannot be read.", dealer=blocked))
            return refresh(stock, partner_ids, product_ids)

        with patch.object(Stock, "_dealer_refresh", refuse):
            run_pending_jobs(self.env)
        failed = jobs.filtered(lambda job: job.state == "failed")
        self.assertEqual(len(failed), 1)
        self.assertEqual(failed.args[0], [blocked])
        self.assertEqual(failed.exc_name, "UserError")
        self.assertIn("cannot be read", failed.exc_message)
        finish = jobs.filtered(lambda job: job.method_name == "_dealer_rebuild_finish")
        self.assertEqual(finish.state, "wait_dependencies", "the last step waits for the failed chunk")
        self.assertEqual(set((jobs - failed - finish).mapped("state")), {"done"})
        self.env.cr.execute(SQL("SELECT count(*) FROM dealer_channel_stock WHERE partner_id = %s", self.dealer.id))
        self.assertTrue(self.env.cr.fetchone()[0], "the other chunks were written")
        # the cause fixed, the failed chunk requeued: the rebuild finishes
        failed.requeue()
        run_pending_jobs(self.env)
        self.assertEqual(set(jobs.mapped("state")), {"done"})
        self.assertEqual(self.assertStockMatchesRebuild(), table)

    # ------------------------------------------------------------------
    # Replenishment suggestions
    # ------------------------------------------------------------------
    def test_suggestions_one_job_per_chunk_of_dealers(self):
        self.env.cr.execute("DELETE FROM dealer_replenishment")
        Param = self.env["ir.config_parameter"].sudo()
        Param.set_param("dealer_queue_job.mode", "inline")
        self.Replenishment._cron_compute_suggestions()
        self.assertFalse(self._jobs("dealer.replenishment"), "inline: no job")
        expected = self._suggestion_rows()
        self.assertLessEqual({self.dealer.id, self.other.id, self.store.id}, {row[0] for row in expected})
        self.env.cr.execute("DELETE FROM dealer_replenishment")
        self.Replenishment.invalidate_model()

        Param.set_param("dealer_queue_job.mode", "jobs")
        chunks = split_ids(self._active_dealers().ids, 2)
        self.assertGreater(len(chunks), 1)
        jobs = self._suggestions_as_jobs()
        self.assertFalse(self._suggestion_rows(), "the cron only queued the work")
        self.assertEqual(jobs.mapped("method_name"), ["_dealer_suggestions_chunk"] * len(chunks), "no last step")
        self.assertEqual(sorted(job.args[0] for job in jobs), sorted(chunks))
        self.assertEqual(set(jobs.mapped("channel")), {"root.dealer"})
        self.assertEqual(set(jobs.mapped("state")), {"pending"})
        self.assertEqual(jobs[0].job_function_id.channel, "root.dealer")
        self.assertEqual(jobs[0].job_function_id._parse_retry_pattern(), {1: 10, 3: 60, 5: 300})
        self.assertEqual(self._suggestions_as_jobs(), jobs, "queued already: nothing twice")
        run_pending_jobs(self.env)
        self.assertEqual(set(jobs.mapped("state")), {"done"})
        self.assertEqual(self._suggestion_rows(), expected, "the suggestions of the run for all dealers")
        jobs[-1].requeue()
        run_pending_jobs(self.env)
        self.assertEqual(self._suggestion_rows(), expected, "a retried chunk changes nothing")

    def test_suggestions_failed_chunk(self):
        jobs = self._suggestions_as_jobs(size=1)
        Replenishment = type(self.Replenishment)
        compute = Replenishment.compute_suggestions
        blocked = self.dealer

        def refuse(replenishment, partners):
            if blocked in partners:
                raise UserError(self.env._("No suggestion for %(dealer)s today.", dealer=blocked.name))
            return compute(replenishment, partners)

        with patch.object(Replenishment, "compute_suggestions", refuse):
            run_pending_jobs(self.env)
        failed = jobs.filtered(lambda job: job.state == "failed")
        self.assertEqual(len(failed), 1)
        self.assertEqual(failed.args[0], blocked.ids)
        self.assertIn("No suggestion for", failed.exc_message)
        self.assertEqual(set((jobs - failed).mapped("state")), {"done"})
        self.assertFalse(self.Replenishment.search([("partner_id", "=", blocked.id)]), "rolled back alone")
        self.assertEqual(self.Replenishment.search([("partner_id", "in", (self.other | self.store).ids)]).partner_id,
                         self.other | self.store, "the other chunks wrote their dealers' suggestions")
