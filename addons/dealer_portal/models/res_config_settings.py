from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    dealer_portal_stock_display = fields.Selection(
        related="company_id.dealer_portal_stock_display", readonly=False,
    )
    dealer_portal_price_display = fields.Selection(
        related="company_id.dealer_portal_price_display", readonly=False,
    )
    dealer_portal_shortage_policy = fields.Selection(
        related="company_id.dealer_portal_shortage_policy", readonly=False,
    )
    dealer_portal_low_stock = fields.Float(related="company_id.dealer_portal_low_stock", readonly=False)
    dealer_portal_page_size = fields.Integer(related="company_id.dealer_portal_page_size", readonly=False)
    dealer_portal_max_qty = fields.Float(related="company_id.dealer_portal_max_qty", readonly=False)
    dealer_portal_threshold_hint = fields.Float(related="company_id.dealer_portal_threshold_hint", readonly=False)
    dealer_store_apply_limit_ip = fields.Integer(related="company_id.dealer_store_apply_limit_ip", readonly=False)
    dealer_store_apply_limit_session = fields.Integer(
        related="company_id.dealer_store_apply_limit_session", readonly=False,
    )
    dealer_store_apply_limit_hour = fields.Integer(related="company_id.dealer_store_apply_limit_hour", readonly=False)
