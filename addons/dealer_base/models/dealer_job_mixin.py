from odoo import models

from ..tools import DEFAULT_CHUNK_SIZE, split_ids


class DealerJobMixin(models.AbstractModel):
    """The one door the suite's long work goes through.

    Long work (closing a crowdfunding campaign, crediting a rebate settlement, ...) is
    written as a *chunk method* taking a list of ids, idempotent (running a chunk twice
    changes nothing the second time), and an optional *finish method* run once after the
    last chunk. The caller hands them to :meth:`_dealer_run_chunks`:

    - here (no job queue), the chunks and the finish method run inline, one after the
      other, in the caller's transaction: the behaviour of the suite without a job
      runner, where the existing scheduled jobs (crons) do the work;
    - the ``dealer_queue_job`` bridge overrides :meth:`_dealer_queue_chunks` to enqueue
      one job per chunk (and the finish method as a job depending on them) when a job
      runner is configured.
    """

    _name = "dealer.job.mixin"
    _description = "Dealer Long Work (chunks and jobs)"

    def _dealer_queue_chunks(self, method, chunks, finish=None, description=None):
        """Hand the chunks of ``method`` (then ``finish``) to a job queue.

        :param method: name of the chunk method of ``self``, called with one list of ids
        :param chunks: list of lists of ids (see ``tools.split_ids``)
        :param finish: name of a method of ``self`` run once after every chunk, or None
        :param description: what the work is, for the operator (job names)
        :return: True when the work was queued; False when there is no job queue (here),
            the caller then runs the work itself
        """
        return False

    def _dealer_run_chunks(self, method, ids, finish=None, chunk_size=DEFAULT_CHUNK_SIZE, description=None):
        """Run ``method`` on ``self`` for every chunk of ``ids``, then ``finish``.

        Queued as jobs when a job queue takes them, else run inline now.

        :return: True when queued, False when run inline
        """
        chunks = split_ids(ids, chunk_size)
        if self._dealer_queue_chunks(method, chunks, finish=finish, description=description):
            return True
        for chunk in chunks:
            getattr(self, method)(chunk)
        if finish:
            getattr(self, finish)()
        return False
