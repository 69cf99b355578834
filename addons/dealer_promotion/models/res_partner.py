from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    dealer_promotion_usage_ids = fields.One2many(
        "dealer.promotion.usage", "partner_id", string="Promotion Benefits", readonly=True,
    )
    dealer_promotion_benefit = fields.Monetary(
        string="Promotion Benefit Received", compute="_compute_dealer_promotion_benefit",
        currency_field="currency_id",
        help="Benefit this dealer received from promotions on its confirmed orders.",
    )

    def _compute_dealer_promotion_benefit(self):
        totals = {}
        if self.ids:
            totals = dict(self.env["dealer.promotion.usage"]._read_group(
                [("partner_id", "in", self.ids), ("company_id", "in", self.env.companies.ids)],
                ["partner_id"], ["amount:sum"],
            ))
        for partner in self:
            partner.dealer_promotion_benefit = totals.get(partner, 0.0)

    def action_view_dealer_promotion_usage(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("dealer_promotion.dealer_promotion_usage_action")
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"search_default_group_promotion": 1}
        action["display_name"] = self.env._("Promotion Benefits of %(dealer)s", dealer=self.display_name)
        return action
