from odoo import fields, models


class DealerReviewLog(models.Model):
    _inherit = "dealer.review.log"

    dealer_flow = fields.Selection(selection_add=[("crowdfunding", "Crowdfunding")],
                                   ondelete={"crowdfunding": "set null"})
