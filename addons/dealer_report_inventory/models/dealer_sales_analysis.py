from odoo import api, fields, models
from odoo.tools import SQL

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

    @api.model
    def _rebuild_partner_ids(self):
        """Also the dealers of the channel analysis: those with stock movements or rows."""
        self.env.cr.execute(SQL("""
            SELECT partner_id FROM dealer_channel_move WHERE kind != 'count' AND partner_id IS NOT NULL
             UNION
            SELECT partner_id FROM dealer_channel_analysis
        """))
        return sorted(set(super()._rebuild_partner_ids()).union(row[0] for row in self.env.cr.fetchall()))

    @api.model
    def _rebuild_chunk_extensions(self, partner_ids):
        """Rebuild the channel analysis' rows of these dealers (their sell-in just written)."""
        result = super()._rebuild_chunk_extensions(partner_ids)
        result["channel_rows"] = self.env["dealer.channel.analysis"]._rebuild(partner_ids=partner_ids)
        return result
