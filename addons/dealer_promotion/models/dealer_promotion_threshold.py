from odoo import api, fields, models


class DealerPromotionThreshold(models.Model):
    _name = "dealer.promotion.threshold"
    _description = "Dealer Promotion Threshold"
    _order = "rule_id, min_amount, id"

    rule_id = fields.Many2one("dealer.promotion.rule", required=True, ondelete="cascade", index=True)
    promotion_id = fields.Many2one(related="rule_id.promotion_id", store=True, index=True)
    company_id = fields.Many2one(related="rule_id.company_id", store=True)
    currency_id = fields.Many2one(related="rule_id.currency_id")
    min_amount = fields.Monetary(
        string="From Amount", required=True,
        help="Untaxed amount of the targeted lines from which this value applies.",
    )
    value = fields.Float(
        required=True, digits="Product Price", help="Percentage or amount given from this threshold on.",
    )

    @api.constrains("min_amount", "value")
    def _check_rule(self):
        for rule in self.rule_id:
            rule._check_thresholds()

    @api.model_create_multi
    def create(self, vals_list):
        rules = self.env["dealer.promotion.rule"].browse([vals["rule_id"] for vals in vals_list if vals.get("rule_id")])
        rules.promotion_id._check_rules_editable()
        return super().create(vals_list)

    def write(self, vals):
        self.promotion_id._check_rules_editable()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_frozen(self):
        self.promotion_id._check_rules_editable()
