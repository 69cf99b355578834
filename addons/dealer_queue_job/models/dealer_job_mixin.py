import hashlib

from odoo import api, conf, fields, models

from odoo.addons.queue_job.delay import group
from odoo.addons.queue_job.job import DONE, ENQUEUED, FAILED, PENDING, STARTED, WAIT_DEPENDENCIES

CHANNEL = "root.dealer"
MODES = ("auto", "jobs", "inline")
ACTIVE_STATES = (WAIT_DEPENDENCIES, PENDING, ENQUEUED, STARTED)
# tries of a job before it fails for good (retries happen on RetryableJobError only, e.g. on
# a serialization failure between two chunks of the same record)
MAX_RETRIES = 5


class DealerJobMixin(models.AbstractModel):
    _inherit = "dealer.job.mixin"

    dealer_job_count = fields.Integer(string="Jobs", compute="_compute_dealer_jobs")
    dealer_job_done_count = fields.Integer(string="Jobs Done", compute="_compute_dealer_jobs")
    dealer_job_failed_count = fields.Integer(string="Jobs Failed", compute="_compute_dealer_jobs")
    dealer_job_error = fields.Text(string="Job Error", compute="_compute_dealer_jobs")

    def _compute_dealer_jobs(self):
        for record in self:
            jobs = record._dealer_jobs()
            failed = jobs.filtered(lambda job: job.state == FAILED)
            record.dealer_job_count = len(jobs)
            record.dealer_job_done_count = len(jobs.filtered(lambda job: job.state == DONE))
            record.dealer_job_failed_count = len(failed)
            record.dealer_job_error = "\n".join(
                "%s: %s" % (job.name, job.exc_message or job.exc_name or "") for job in failed
            ) or False

    # ------------------------------------------------------------------
    # Jobs of a record
    # ------------------------------------------------------------------
    def _dealer_job_prefix(self, method=""):
        """Start of the identity key of the jobs of these records (and of ``method``)."""
        return "%s,%s:%s" % (self._name, ",".join(str(record_id) for record_id in self.ids), method)

    def _dealer_jobs(self):
        """The jobs of the long work of these records, newest first."""
        if not self.ids:
            return self.env["queue.job"]
        # sudo: queue.job is readable by job queue managers only; the operator of the
        # record reads the progress and errors of the record's own jobs (selected by
        # their identity key, which starts with the record's model and id)
        return self.env["queue.job"].sudo().search(
            [("identity_key", "=like", self._dealer_job_prefix() + "%")], order="id desc",
        )

    @api.model
    def _dealer_jobs_mode(self):
        mode = self.env["ir.config_parameter"].sudo().get_param("dealer_queue_job.mode", "auto")
        return mode if mode in MODES else "auto"

    @api.model
    def _dealer_jobs_enabled(self):
        """Whether long work goes to jobs: a job runner must take them, else they would wait
        for ever. ``auto``: queue_job is loaded server-wide (``server_wide_modules``), which
        is how its job runner is configured."""
        mode = self._dealer_jobs_mode()
        if mode == "auto":
            return "queue_job" in conf.server_wide_modules
        return mode == "jobs"

    def _dealer_queue_chunks(self, method, chunks, finish=None, description=None):
        if not chunks or not self._dealer_jobs_enabled():
            return super()._dealer_queue_chunks(method, chunks, finish=finish, description=description)
        prefix = self._dealer_job_prefix(method)
        # sudo: checks whether this work is queued already (see _dealer_jobs)
        if self.env["queue.job"].sudo().search_count(
            [("identity_key", "=like", prefix + ":%"), ("state", "in", ACTIVE_STATES)], limit=1,
        ):
            return True  # queued already: never twice
        # the records' names after the work's; model-level work (an empty recordset: the
        # nightly rebuilds) has the work's name alone
        title = " ".join(filter(None, [description or method, ", ".join(self.mapped("display_name"))]))
        delayables = []
        for number, chunk in enumerate(chunks, start=1):
            digest = hashlib.sha1(",".join(map(str, chunk)).encode()).hexdigest()[:16]
            delayable = self.delayable(
                channel=CHANNEL, max_retries=MAX_RETRIES, identity_key="%s:%s" % (prefix, digest),
                description="%s (%s/%s)" % (title, number, len(chunks)),
            )
            delayables.append(getattr(delayable, method)(chunk))
        work = group(*delayables)
        if finish:
            delayable = self.delayable(
                channel=CHANNEL, max_retries=MAX_RETRIES,
                identity_key="%s:%s" % (self._dealer_job_prefix(finish), "finish"),
                description="%s (%s)" % (title, self.env._("last step")),
            )
            work.on_done(getattr(delayable, finish)())
        work.delay()
        return True

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_dealer_jobs_view(self):
        """The jobs of the record in queue_job's own views (job queue managers)."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("queue_job.action_queue_job")
        action["domain"] = [("identity_key", "=like", self._dealer_job_prefix() + "%")]
        action["context"] = {}
        return action

    def action_dealer_jobs_retry(self):
        """Put the failed jobs of the record back in the queue (after fixing their cause)."""
        self.check_access("write")
        # sudo: the user may change the record (checked above) and requeues only the
        # failed jobs of the record's own long work
        failed = self._dealer_jobs().filtered(lambda job: job.state == FAILED)
        failed.requeue()
        for record in self.filtered(lambda record: isinstance(record, self.pool["mail.thread"])):
            record.message_post(body=self.env._(
                "%(count)s failed job(s) put back in the queue.", count=len(failed),
            ))
        return True
