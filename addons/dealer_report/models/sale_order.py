import logging

from odoo import SUPERUSER_ID, api, models

_logger = logging.getLogger(__name__)

CRON_XMLID = "dealer_report.ir_cron_dealer_sales_analysis_refresh"


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def _action_confirm(self):
        res = super()._action_confirm()
        self._dealer_report_trigger_refresh()
        return res

    def _action_cancel(self):
        res = super()._action_cancel()
        self._dealer_report_trigger_refresh()
        return res

    def _dealer_report_trigger_refresh(self):
        """Ask the scheduled job for an incremental refresh of the sales analysis soon after a
        dealer's order is confirmed or cancelled (nothing for other customers).

        Nothing is written in the confirming transaction: once it has committed, one callback per
        transaction triggers the job in a cursor of its own (the refresh finds the orders by their
        ``write_date``; were the trigger lost, the job's own interval catches up)."""
        if not any(order.partner_id.commercial_partner_id.is_dealer for order in self):
            return
        postcommit = self.env.cr.postcommit
        if postcommit.data.get(CRON_XMLID):
            return
        postcommit.data[CRON_XMLID] = True
        registry = self.env.registry

        @postcommit.add
        def trigger_refresh():
            try:
                with registry.cursor() as cr:
                    # this registry's transaction, given: Environment() would look the registry up
                    # by the database's name, which waits as long as a registry is being loaded
                    # (an installation, a test run) when the commit happens in another thread
                    cr.transaction = api.Transaction(registry)
                    cron = api.Environment(cr, SUPERUSER_ID, {}).ref(CRON_XMLID, raise_if_not_found=False)
                    if cron:
                        cron._trigger()
            except Exception:  # noqa: BLE001 - the order is committed; the job runs on its interval anyway
                _logger.warning("dealer sales analysis: could not trigger the refresh job", exc_info=True)
