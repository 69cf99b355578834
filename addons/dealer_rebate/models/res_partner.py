from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    # Rebates are the dealer channel's business: Odoo's own users (salespeople, warehouse,
    # accounting) read contacts without them, as on a database without the suite.
    dealer_rebate_line_ids = fields.One2many(
        "dealer.rebate.settlement.line", "partner_id", string="Rebates",
        groups="dealer_base.group_dealer_user,base.group_portal",
    )
    dealer_rebate_total = fields.Monetary(
        compute="_compute_dealer_rebate_total", string="Rebates Credited",
        currency_field="dealer_rebate_currency_id", groups="dealer_base.group_dealer_user,base.group_portal",
    )
    dealer_rebate_currency_id = fields.Many2one(
        "res.currency", compute="_compute_dealer_rebate_total",
        groups="dealer_base.group_dealer_user,base.group_portal",
    )

    def _compute_dealer_rebate_total(self):
        totals = dict(self.env["dealer.rebate.settlement.line"]._read_group(
            [("partner_id", "in", self.ids), ("state", "=", "posted"), ("company_id", "=", self.env.company.id)],
            ["partner_id"], ["amount:sum"],
        ))
        for partner in self:
            partner.dealer_rebate_total = totals.get(partner, 0.0)
            partner.dealer_rebate_currency_id = self.env.company.currency_id

    def action_view_dealer_rebates(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("dealer_rebate.dealer_rebate_settlement_line_action")
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {"search_default_filter_posted": 1}
        return action
