from odoo import api, models


class DealerRegion(models.Model):
    _inherit = "dealer.region"

    @api.model_create_multi
    def create(self, vals_list):
        regions = super().create(vals_list)
        self.env["dealer.channel.stock"].sudo()._dealer_refresh_regions()
        return regions

    def write(self, vals):
        result = super().write(vals)
        if {"state_ids", "parent_id"} & set(vals):
            self.env["dealer.channel.stock"].sudo()._dealer_refresh_regions()
        return result

    def unlink(self):
        result = super().unlink()
        self.env["dealer.channel.stock"].sudo()._dealer_refresh_regions()
        return result
