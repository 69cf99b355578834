from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    dealer_fulfillment_tie_break = fields.Selection(
        related="company_id.dealer_fulfillment_tie_break", readonly=False)
    dealer_deposit_expiry_policy = fields.Selection(
        related="company_id.dealer_deposit_expiry_policy", readonly=False)
    dealer_deposit_forfeit_account_id = fields.Many2one(
        related="company_id.dealer_deposit_forfeit_account_id", readonly=False)
    dealer_deposit_allow_rebate = fields.Boolean(
        related="company_id.dealer_deposit_allow_rebate", readonly=False)
    dealer_order_reviewer_id = fields.Many2one(related="company_id.dealer_order_reviewer_id", readonly=False)
