from unittest.mock import patch

from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.dealer_rebate.models import dealer_rebate_settlement
from odoo.addons.dealer_rebate.tests.common import DealerRebateCommon

from .common import run_pending_jobs

Q2 = ("2025-04-01", "2025-06-30")


@tagged("post_install", "-at_install")
class TestRebateJobs(DealerRebateCommon):
    """Crediting a large settlement as one job per chunk of lines."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.policy = cls._policy(thresholds=((0.0, 1.0), (3000.0, 2.0)))
        cls.dealers = cls.env["res.partner"]
        for index in range(5):
            dealer = cls._create_dealer("任务经销商 %s" % index)
            # 1,000 + 1,000 × index: 1 % below 3,000, 2 % from 3,000
            cls._invoice(dealer, "2025-05-01", [(cls.clock, 10 + 10 * index, 100.0)])
            cls.dealers |= dealer
        cls.env["ir.config_parameter"].sudo().set_param("dealer_queue_job.mode", "jobs")

    def _confirm_as_jobs(self):
        settlement = self._settle(self.policy, *Q2)
        self.assertEqual(settlement.line_count, 5)
        with patch.object(dealer_rebate_settlement, "SYNC_LINE_LIMIT", 2), \
                patch.object(dealer_rebate_settlement, "CHUNK_SIZE", 2):
            settlement.action_confirm()
        return settlement

    def _balances(self):
        return [self.Wallet._get_wallet(dealer, "rebate").balance for dealer in self.dealers]

    def _jobs(self, settlement):
        return self.env["queue.job"].sudo().search(
            [("identity_key", "=like", "dealer.rebate.settlement,%s:%%" % settlement.id)], order="id")

    def test_credit_per_chunk_job(self):
        settlement = self._confirm_as_jobs()
        self.assertEqual(settlement.state, "confirming")
        jobs = self._jobs(settlement)
        self.assertEqual(sorted(jobs.mapped("method_name")), ["_post_lines_chunk"] * 3 + ["_post_lines_finish"])
        self.assertEqual(set(jobs.mapped("channel")), {"root.dealer"})
        self.assertIn("background jobs", settlement.message_ids[0].body)
        run_pending_jobs(self.env)
        self.assertEqual((settlement.state, settlement.progress_done), ("confirmed", 5))
        # 1,000 × 1 %, 2,000 × 1 %, then 3,000 / 4,000 / 5,000 × 2 %
        self.assertEqual(self._balances(), [10.0, 20.0, 60.0, 80.0, 100.0])
        self.assertEqual(len(settlement.line_ids.transaction_id), 5)
        self.assertEqual((settlement.dealer_job_count, settlement.dealer_job_done_count), (4, 4))

    def test_retried_chunk_never_credits_twice(self):
        settlement = self._confirm_as_jobs()
        run_pending_jobs(self.env)
        transactions = self.env["dealer.wallet.transaction"].search_count([("origin", "=", settlement.name)])
        balances = self._balances()
        chunk = self._jobs(settlement).filtered(lambda job: job.method_name == "_post_lines_chunk")[0]
        # the same chunk performed again, as a requeued job
        chunk.requeue()
        run_pending_jobs(self.env)
        self.assertEqual(chunk.state, "done")
        self.assertEqual(settlement._post_lines_chunk(chunk.args[0]), 0)
        # even a line set back to draft (a crash between the credit and the line's write)
        # is not credited again: the wallet request key of (policy, period, dealer) holds
        line = settlement.line_ids.sorted("id")[0]
        settlement.state = "confirming"
        line.state = "draft"
        settlement._post_lines_chunk(line.ids)
        self.assertEqual(line.state, "posted")
        self.assertEqual(self.env["dealer.wallet.transaction"].search_count([("origin", "=", settlement.name)]),
                         transactions)
        self.assertEqual(self._balances(), balances)

    def test_failed_chunk_recorded(self):
        settlement = self._confirm_as_jobs()
        Wallet = type(self.Wallet)
        grant_many = Wallet._grant_many
        blocked = self.dealers[0]

        def refuse_dealer(wallets, grants, *args, **kwargs):
            if any(grant["partner"] == blocked for grant in grants):
                raise UserError(self.env._("The wallet of %(dealer)s is blocked.", dealer=blocked.name))
            return grant_many(wallets, grants, *args, **kwargs)

        with patch.object(Wallet, "_grant_many", refuse_dealer):
            run_pending_jobs(self.env)
        settlement.invalidate_recordset()
        self.assertEqual(settlement.dealer_job_failed_count, 1)
        self.assertIn("is blocked", settlement.dealer_job_error)
        self.assertEqual(settlement.state, "confirming")
        self.assertEqual(settlement.progress_done, 3, "the other chunks credited their dealers")
        settlement.action_dealer_jobs_retry()
        run_pending_jobs(self.env)
        settlement.invalidate_recordset()
        self.assertEqual((settlement.state, settlement.progress_done), ("confirmed", 5))
        self.assertEqual(self._balances(), [10.0, 20.0, 60.0, 80.0, 100.0])

    def test_no_runner_uses_the_scheduled_job(self):
        self.env["ir.config_parameter"].sudo().set_param("dealer_queue_job.mode", "auto")
        settlement = self._confirm_as_jobs()
        self.assertFalse(self._jobs(settlement))
        self.assertIn("scheduled job", settlement.message_ids[0].body)
        for _run in range(3):
            self.Settlement._cron_post_settlements(chunk_size=2)
        self.assertEqual((settlement.state, settlement.progress_done), ("confirmed", 5))
        self.assertEqual(self._balances(), [10.0, 20.0, 60.0, 80.0, 100.0])
