import traceback

from odoo.addons.queue_job.job import DONE, PENDING, Job


def run_pending_jobs(env, domain=()):
    """Perform the stored pending jobs as the job runner does, in this transaction.

    Each job goes enqueued → started → performed → done and its dependent jobs are
    enqueued; a job raising an error is rolled back to a savepoint and marked failed
    with its exception, as the runner's ``/queue_job/runjob`` does. Returns the uuids
    performed, in order.
    """
    # the job queue is the runner's (superuser); the jobs run as the user who queued them
    env = env(su=True)
    performed = []
    while True:
        records = env["queue.job"].search([("state", "=", PENDING), *domain], order="priority, id")
        if not records:
            return performed
        for record in records:
            job = Job.load(env, record.uuid)
            job.set_enqueued()
            job.set_started()
            job.store()
            performed.append(job.uuid)
            try:
                with env.cr.savepoint():
                    job.perform()
                    env.flush_all()
            except Exception as error:  # noqa: BLE001 - recorded on the job, as the runner does
                env.invalidate_all()
                job = Job.load(env, record.uuid)
                job.set_failed(exc_info=traceback.format_exc(), exc_name=type(error).__name__,
                               exc_message=str(error))
                job.store()
                continue
            job.set_done()
            job.store()
            # enqueue_waiting() reads the states in SQL
            env.flush_all()
            if job.state == DONE:
                job.enqueue_waiting()
            env.invalidate_all()
