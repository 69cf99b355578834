from odoo import models, tools
from odoo.tools import SQL


class DealerReportViewMixin(models.AbstractModel):
    """A read-only analysis backed by a PostgreSQL view built from :meth:`_query`."""

    _name = "dealer.report.view.mixin"
    _description = "Dealer Report SQL View"
    _auto = False

    def _query(self):
        """The view's SELECT (an ``SQL``); every row has a unique ``id``."""
        raise NotImplementedError

    def init(self):
        if self._abstract:
            return
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(SQL("CREATE OR REPLACE VIEW %s AS (%s)", SQL.identifier(self._table), self._query()))
