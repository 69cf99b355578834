from unittest.mock import patch

from odoo.tests import tagged

from odoo.addons.dealer_crowdfunding.models import dealer_crowdfunding
from odoo.addons.dealer_crowdfunding.tests.common import DealerCrowdfundingCommon

from .common import run_pending_jobs


@tagged("post_install", "-at_install")
class TestCrowdfundingJobs(DealerCrowdfundingCommon):
    """Closing a campaign as one job per chunk of pledges, then a last job."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Param = cls.env["ir.config_parameter"].sudo()

    def _campaign_with_pledges(self):
        """5 pledges, 70 pieces of a target of 50: success."""
        campaign = self._create_campaign()
        pledges = campaign.pledge(self.dealer, 20) | campaign.pledge(self.dealer_b, 20)
        pledges |= campaign.pledge(self.dealer, 10) | campaign.pledge(self.dealer_b, 10)
        pledges |= campaign.pledge(self.dealer, 10)
        return campaign, pledges

    def _close_as_jobs(self, campaign):
        self.Param.set_param("dealer_queue_job.mode", "jobs")
        with patch.object(dealer_crowdfunding, "CLOSE_CHUNK_SIZE", 2):
            campaign.action_close()

    def _jobs(self, campaign):
        return self.env["queue.job"].sudo().search(
            [("identity_key", "=like", "dealer.crowdfunding,%s:%%" % campaign.id)], order="id")

    def test_no_runner_closes_inline(self):
        """Without a job runner (queue_job not server-wide, as in the embedded default)
        the campaign closes in the request, exactly as without this module."""
        self.assertEqual(self.Param.get_param("dealer_queue_job.mode"), "auto")
        self.assertFalse(self.Campaign._dealer_jobs_enabled())
        campaign, pledges = self._campaign_with_pledges()
        jobs_before = self.env["queue.job"].sudo().search_count([])
        campaign.action_close()
        self.assertEqual(self.env["queue.job"].sudo().search_count([]), jobs_before)
        self.assertEqual((campaign.state, len(campaign.order_ids)), ("succeeded", 5))
        self.assertEqual(set(pledges.mapped("state")), {"ordered"})
        self.assertTrue(campaign.batch_id)
        self.assertIn("5 order(s) confirmed", campaign.close_message)
        self.assertEqual((campaign.dealer_job_count, campaign.dealer_job_failed_count), (0, 0))
        self.Param.set_param("dealer_queue_job.mode", "inline")
        self.assertFalse(self.Campaign._dealer_jobs_enabled())
        self.Param.set_param("dealer_queue_job.mode", "nonsense")
        self.assertFalse(self.Campaign._dealer_jobs_enabled(), "an unknown mode is auto")

    def test_one_job_per_chunk_in_the_dealer_channel(self):
        campaign, pledges = self._campaign_with_pledges()
        self._close_as_jobs(campaign)
        self.assertEqual(campaign.state, "succeeded", "no pledge is taken any more")
        self.assertFalse(campaign.order_ids, "the orders are made by the jobs")
        jobs = self._jobs(campaign)
        chunks = jobs.filtered(lambda job: job.method_name == "_close_success_chunk")
        finish = jobs - chunks
        self.assertEqual(len(chunks), 3, "5 pledges in chunks of 2")
        self.assertEqual(sorted(job.args[0] for job in chunks), [pledges.ids[0:2], pledges.ids[2:4], pledges.ids[4:]])
        self.assertEqual(set(jobs.mapped("channel")), {"root.dealer"})
        self.assertEqual(len(set(jobs.mapped("identity_key"))), 4)
        self.assertEqual(set(chunks.mapped("state")), {"pending"})
        self.assertEqual((finish.method_name, finish.state), ("_close_success_finish", "wait_dependencies"))
        self.assertEqual(chunks[0].job_function_id.channel, "root.dealer")
        self.assertEqual(chunks[0].max_retries, 5)
        self.assertEqual((campaign.dealer_job_count, campaign.dealer_job_done_count), (4, 0))
        # closing again (or the cron) queues nothing twice
        campaign.action_close()
        campaign._dealer_queue_chunks("_close_success_chunk", [pledges.ids], finish="_close_success_finish")
        self.assertEqual(self._jobs(campaign), jobs)

        performed = run_pending_jobs(self.env)
        self.assertEqual(len(performed), 4)
        self.assertEqual(performed[-1], finish.uuid, "the last step runs after every chunk")
        self.assertEqual(set(jobs.mapped("state")), {"done"})
        self.assertEqual(len(campaign.order_ids), 5)
        self.assertEqual(set(pledges.mapped("state")), {"ordered"})
        self.assertEqual(campaign.batch_id.picking_ids, campaign.order_ids.picking_ids)
        self.assertIn("5 order(s) confirmed, 0 waiting", campaign.close_message)
        campaign.invalidate_recordset()
        self.assertEqual((campaign.dealer_job_count, campaign.dealer_job_done_count), (4, 4))
        self.assertEqual(self.env["dealer.wallet"]._check_integrity(companies=self.company, notify=False), [])

    def test_jobs_give_the_inline_result(self):
        """Same orders, amounts and wallet figures as the inline close."""
        results = []
        for mode in ("inline", "jobs"):
            self.Param.set_param("dealer_queue_job.mode", mode)
            before = self._state(self.cash), self._state(self.cash_b)
            campaign, _pledges = self._campaign_with_pledges()
            with patch.object(dealer_crowdfunding, "CLOSE_CHUNK_SIZE", 2):
                campaign.action_close()
            run_pending_jobs(self.env)
            after = self._state(self.cash), self._state(self.cash_b)
            orders = campaign.order_ids.sorted(lambda order: order.crowdfunding_pledge_ids.id)
            results.append((
                campaign.state, orders.mapped("amount_total"), orders.mapped("deposit_state"),
                [a - b for pair_a, pair_b in zip(after, before, strict=True)
                 for a, b in zip(pair_a, pair_b, strict=True)],
                len(campaign.batch_id.picking_ids),
            ))
        self.assertEqual(results[0], results[1])
        self.assertEqual(results[0][0], "succeeded")

    def test_chunk_run_twice_orders_once(self):
        campaign, pledges = self._campaign_with_pledges()
        self._close_as_jobs(campaign)
        first_chunk = pledges.ids[:2]
        self.assertEqual(campaign._close_success_chunk(first_chunk), 2)
        self.assertEqual(campaign._close_success_chunk(first_chunk), 0, "a retried chunk finds nothing to do")
        self.assertEqual(len(campaign.order_ids), 2)
        run_pending_jobs(self.env)
        self.assertEqual(len(campaign.order_ids), 5)
        self.assertEqual(len(campaign.order_ids.order_line), 5)

    def test_failed_chunk_visible_and_retried(self):
        campaign, pledges = self._campaign_with_pledges()
        self._close_as_jobs(campaign)
        self.dealer_b.dealer_state = "suspended"   # its orders cannot be confirmed
        run_pending_jobs(self.env)
        campaign.invalidate_recordset()
        jobs = self._jobs(campaign)
        failed = jobs.filtered(lambda job: job.state == "failed")
        self.assertEqual(len(failed), 2, "the chunks with a pledge of dealer B")
        self.assertEqual(campaign.dealer_job_failed_count, 2)
        self.assertIn("is suspended", campaign.dealer_job_error)
        self.assertIn("is suspended", failed[0].exc_message)
        self.assertEqual(jobs.filtered(lambda job: job.method_name == "_close_success_finish").state,
                         "wait_dependencies", "the last step waits for the failed chunks")
        self.assertEqual(set(pledges.filtered(lambda p: p.partner_id == self.dealer_b).mapped("state")),
                         {"pledged"}, "nothing half-done in a failed chunk")
        self.assertFalse(campaign.batch_id)
        # the operator fixes the cause and retries
        self.dealer_b.dealer_state = "active"
        campaign.action_dealer_jobs_retry()
        self.assertEqual(set(failed.mapped("state")), {"pending"})
        run_pending_jobs(self.env)
        campaign.invalidate_recordset()
        self.assertEqual(set(jobs.mapped("state")), {"done"})
        self.assertEqual((campaign.dealer_job_failed_count, campaign.dealer_job_error), (0, False))
        self.assertEqual(len(campaign.order_ids), 5)
        self.assertTrue(campaign.batch_id)

    def test_failure_releases_deposits_as_jobs(self):
        campaign = self._create_campaign()
        before = self._state(self.cash), self._state(self.cash_b)
        pledges = campaign.pledge(self.dealer, 20) | campaign.pledge(self.dealer_b, 10)
        self._close_as_jobs(campaign)
        self.assertEqual(campaign.state, "failed")
        self.assertEqual(len(self._jobs(campaign)), 2, "one chunk and the last step")
        run_pending_jobs(self.env)
        self.assertEqual(pledges.mapped("state"), ["released", "released"])
        self.assertEqual((self._state(self.cash), self._state(self.cash_b)), before)
        self.assertEqual(campaign.pledged_qty, 0.0)

    def test_jobs_of_the_campaign_in_queue_job_views(self):
        campaign, _pledges = self._campaign_with_pledges()
        self._close_as_jobs(campaign)
        action = campaign.action_dealer_jobs_view()
        self.assertEqual(action["res_model"], "queue.job")
        self.assertEqual(self.env["queue.job"].sudo().search(action["domain"]), self._jobs(campaign))
