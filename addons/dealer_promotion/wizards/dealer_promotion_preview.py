from odoo import fields, models
from odoo.exceptions import UserError


class DealerPromotionPreview(models.TransientModel):
    """Show what promotions would give on an order, without changing it."""

    _name = "dealer.promotion.preview"
    _description = "Promotion Preview"

    order_id = fields.Many2one(
        "sale.order", required=True,
        domain="[('state', 'in', ('draft', 'sent')), ('dealer_id', '!=', False)]",
    )
    promotion_id = fields.Many2one(
        "dealer.promotion",
        help="Preview this promotion only, whatever its state, dates and dealer conditions; "
        "empty = the promotions the order would get now.",
    )
    currency_id = fields.Many2one(related="order_id.currency_id")
    line_ids = fields.One2many("dealer.promotion.preview.line", "wizard_id", string="Results")
    total = fields.Monetary(string="Total Benefit")
    computed = fields.Boolean()

    def _compute_preview(self):
        self.ensure_one()
        order = self.order_id
        if not order.dealer_id:
            raise UserError(self.env._("%(order)s is not the order of a dealer.", order=order.display_name))
        promotions = self.promotion_id if self.promotion_id else None
        evaluation, _lines = order.with_context(lang=self.env.lang)._dealer_promotion_evaluate(promotions)
        commands = [(5, 0, 0)]
        for result in evaluation.results:
            for rule_result in result.rules:
                commands.append((0, 0, self._prepare_line(result, rule_result, evaluation.rounding)))
        self.line_ids = commands
        self.total = evaluation.total
        self.computed = True

    def _prepare_line(self, result, rule_result, rounding):
        reasons = self.env["dealer.promotion.preview.line"]._reason_labels()
        applies = result.applies and rule_result.applies
        if applies:
            status = self.env._("Applies")
        elif not rule_result.applies:
            status = reasons.get(rule_result.reason, rule_result.reason)
        else:
            status = reasons.get(result.reason, result.reason)
        free_value = rule_result.free_value(rounding)
        return {
            "promotion_id": result.promotion.id,
            "rule_id": rule_result.rule.id,
            "applies": applies,
            "status": status,
            "base_amount": rule_result.base,
            "discount_amount": rule_result.money_applied if applies else 0.0,
            "free_qty": sum(g.qty for g in rule_result.free_applied) if applies else 0.0,
            "benefit": (rule_result.money_applied + free_value) if applies else 0.0,
        }

    def action_refresh(self):
        self.ensure_one()
        self._compute_preview()
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }

    def action_apply(self):
        self.ensure_one()
        self.order_id.action_apply_promotions()
        return {"type": "ir.actions.act_window_close"}
