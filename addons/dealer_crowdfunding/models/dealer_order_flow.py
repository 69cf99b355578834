from odoo import api, fields, models


class DealerOrderFlow(models.Model):
    _inherit = "dealer.order.flow"

    # a company's crowdfunding configuration goes with the module
    code = fields.Selection(selection_add=[("crowdfunding", "Crowdfunding")], ondelete={"crowdfunding": "cascade"})

    @api.model
    def _dealer_flow_defaults(self):
        defaults = super()._dealer_flow_defaults()
        defaults["crowdfunding"] = {
            "name": "Crowdfunding Order", "name_cn": "众筹订单", "prefix": "CF/",
            "deposit_ratio": 0.2, "balance_days": 30,
        }
        return defaults
