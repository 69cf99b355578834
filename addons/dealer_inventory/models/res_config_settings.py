from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    dealer_expiry_red_days = fields.Integer(related="company_id.dealer_expiry_red_days", readonly=False)
    dealer_expiry_yellow_days = fields.Integer(related="company_id.dealer_expiry_yellow_days", readonly=False)
    dealer_expiry_blue_days = fields.Integer(related="company_id.dealer_expiry_blue_days", readonly=False)
    dealer_replenish_window_days = fields.Integer(related="company_id.dealer_replenish_window_days", readonly=False)
    dealer_replenish_lead_days = fields.Integer(related="company_id.dealer_replenish_lead_days", readonly=False)
    dealer_replenish_cover_days = fields.Integer(related="company_id.dealer_replenish_cover_days", readonly=False)
    dealer_replenish_safety_days = fields.Integer(related="company_id.dealer_replenish_safety_days", readonly=False)
    dealer_inventory_tolerance_type = fields.Selection(
        related="company_id.dealer_inventory_tolerance_type", readonly=False)
    dealer_inventory_tolerance = fields.Float(related="company_id.dealer_inventory_tolerance", readonly=False)
    dealer_inventory_downline_reports = fields.Boolean(
        related="company_id.dealer_inventory_downline_reports", readonly=False)
    dealer_inventory_slow_days = fields.Integer(related="company_id.dealer_inventory_slow_days", readonly=False)
