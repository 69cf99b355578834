from odoo import fields, models
from odoo.exceptions import AccessError, UserError


class DealerRegionOverrideWizard(models.TransientModel):
    _name = "dealer.region.override.wizard"
    _description = "Override the cross-region check of a dealer order"

    order_id = fields.Many2one("sale.order", required=True, ondelete="cascade")
    region_error = fields.Text(compute="_compute_region_error", string="Blocking Reason")
    reason = fields.Text(required=True, help="Why this order may be delivered outside the dealer's territory.")
    confirm_order = fields.Boolean(string="Confirm the Order Now", default=True)

    def _compute_region_error(self):
        for wizard in self:
            wizard.region_error = wizard.order_id._dealer_region_error() or False

    def action_apply(self):
        self.ensure_one()
        if not self.env.user.has_group("dealer_base.group_dealer_manager"):
            raise AccessError(self.env._("Only a Dealer Manager can override the cross-region check."))
        order = self.order_id
        if order.state not in ("draft", "sent"):
            raise UserError(self.env._("Only quotations can get a cross-region override."))
        reason = (self.reason or "").strip()
        if not reason:
            raise UserError(self.env._("Give the reason of the override."))
        order.write({"dealer_region_override": True, "dealer_region_override_reason": reason})
        order.message_post(body=self.env._(
            "Cross-region check overridden by %(user)s: %(reason)s", user=self.env.user.name, reason=reason
        ))
        if self.confirm_order:
            order.action_confirm()
        return {"type": "ir.actions.act_window_close"}
