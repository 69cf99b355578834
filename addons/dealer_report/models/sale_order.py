from odoo import models


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
        """Ask the scheduled job for an incremental refresh of the sales analysis soon
        after a dealer's order is confirmed or cancelled (nothing for other customers)."""
        if any(order.partner_id.commercial_partner_id.is_dealer for order in self):
            cron = self.env.ref("dealer_report.ir_cron_dealer_sales_analysis_refresh", raise_if_not_found=False)
            if cron:
                cron._trigger()
