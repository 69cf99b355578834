from odoo import models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    def _action_done(self):
        res = super()._action_done()
        # sudo: a delivery may complete a campaign whoever validates it; warehouse users
        # need not be able to read sale orders or campaigns
        campaigns = self.sudo().sale_id.crowdfunding_campaign_id.filtered(
            lambda campaign: campaign.state == "succeeded")
        if campaigns:
            campaigns._check_done()
        return res
