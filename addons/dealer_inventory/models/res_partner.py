from odoo import fields, models

# partner fields a dealer's channel stock rows depend on (is it a dealer, whose address, dimensions)
CHANNEL_PARTNER_FIELDS = {"dealer_level_id", "dealer_parent_id", "state_id", "parent_id", "is_company"}


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

    def write(self, vals):
        if not CHANNEL_PARTNER_FIELDS & set(vals):
            return super().write(vals)
        before = self.commercial_partner_id.filtered("is_dealer")
        result = super().write(vals)
        dealers = before | self.commercial_partner_id.filtered("is_dealer")
        if dealers:
            # the rows of these dealers, all products (an address moved, a partner became a dealer)
            self.env["dealer.channel.stock"].sudo()._dealer_mark(dealers.ids)
        return result

    def _dealer_inventory_reported_partners(self, company=None):
        """The dealers this dealer (its commercial partner) reports for: itself, and the dealers
        and stores of its downline when the company lets dealers report for their downline."""
        dealer = self.commercial_partner_id
        company = company or self.env.company
        if not dealer.is_dealer or not dealer.dealer_path or not company.dealer_inventory_downline_reports:
            return dealer
        # sudo: the dealer's downline, which a portal user cannot read
        return dealer | self.env["res.partner"].sudo().search(
            [("dealer_path", "=like", f"{dealer.dealer_path}%"), ("is_dealer", "=", True)], order="name, id",
        ).sudo(False)

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
