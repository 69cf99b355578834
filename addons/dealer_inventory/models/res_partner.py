from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    dealer_replenish_lead_days = fields.Integer(
        string="Replenishment Lead Time (days)", tracking=True,
        help="Days between an order of this dealer and the goods on its shelves (0 = the company's).",
    )
    dealer_replenish_window_days = fields.Integer(
        string="Sell-out Window (days)", tracking=True, help="0 = the company's.",
    )
    dealer_replenish_cover_days = fields.Integer(
        string="Replenishment Cover (days)", tracking=True, help="0 = the company's.",
    )
    dealer_replenish_safety_days = fields.Integer(
        string="Safety Stock (days)", tracking=True, help="0 = the company's.",
    )

    _sql_constraints = [
        ("dealer_replenish_days_not_negative",
         "CHECK(COALESCE(dealer_replenish_lead_days, 0) >= 0 AND COALESCE(dealer_replenish_window_days, 0) >= 0"
         " AND COALESCE(dealer_replenish_cover_days, 0) >= 0 AND COALESCE(dealer_replenish_safety_days, 0) >= 0)",
         "Replenishment days cannot be negative."),
    ]

    def action_view_dealer_channel_stock(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("dealer_inventory.dealer_channel_stock_action")
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {}
        return action

    def action_view_dealer_stock_card(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("dealer_inventory.dealer_channel_move_action")
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {}
        return action
