from odoo import models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    def _action_done(self):
        res = super()._action_done()
        campaigns = self.sale_id.crowdfunding_campaign_id.filtered(lambda campaign: campaign.state == "succeeded")
        if campaigns:
            campaigns._check_done()
        return res
