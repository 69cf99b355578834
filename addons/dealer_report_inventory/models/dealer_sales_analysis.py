from odoo import api, fields, models

from odoo.addons.dealer_report.models.dealer_sales_analysis import REFRESH_OVERLAP


class DealerSalesAnalysis(models.Model):
    _inherit = "dealer.sales.analysis"

    @api.model
    def _refresh_extensions(self, full, last, now):
        """Also bring the sell-in / sell-out / stock analysis up to date: the dealers touched
        since the last refresh, or everything on a full rebuild, when a region changed (the
        dimensions of many dealers) or when a month began (the stock rolls into it)."""
        result = super()._refresh_extensions(full, last, now)
        since = None
        if not full and last:
            since = last - REFRESH_OVERLAP
            new_month = fields.Date.to_date(last).replace(day=1) != fields.Date.to_date(now).replace(day=1)
            regions_changed = self.env["dealer.region"].with_context(active_test=False).search_count(
                [("write_date", ">=", since)], limit=1)
            if new_month or regions_changed:
                since = None
        result["channel_rows"] = self.env["dealer.channel.analysis"]._rebuild(since)
        return result
