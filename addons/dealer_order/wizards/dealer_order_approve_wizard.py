from odoo import api, fields, models


class DealerOrderApproveWizard(models.TransientModel):
    """Approve held dealer orders whose rules a dealer could fix still fail (minimum order
    quantity, order multiple): the operator gives the reason of the override. Orders that no
    approval can confirm (wallets, product pools, suspended dealer) are listed with why."""

    _name = "dealer.order.approve.wizard"
    _description = "Approve Dealer Orders"

    order_ids = fields.Many2many("sale.order", string="Orders", required=True)
    overridden_message = fields.Text(string="Rules Overridden", compute="_compute_messages")
    blocking_message = fields.Text(string="Cannot Be Approved", compute="_compute_messages")
    can_approve = fields.Boolean(compute="_compute_messages")
    reason = fields.Text(string="Override Reason",
                         help="Why the orders are approved although these rules fail; logged in their chatter.")

    @api.depends("order_ids")
    def _compute_messages(self):
        for wizard in self:
            overridden, blocking = [], []
            for order in wizard.order_ids:
                overridden += ["%s: %s" % (order.name, error) for error in order._dealer_overridable_errors()]
                blocking += ["%s: %s" % (order.name, error) for error in order._dealer_blocking_errors()]
            wizard.overridden_message = "\n".join(overridden)
            wizard.blocking_message = "\n".join(blocking)
            wizard.can_approve = not blocking

    def action_approve(self):
        self.ensure_one()
        self.order_ids._dealer_approve(override_reason=self.reason)
        return {"type": "ir.actions.act_window_close"}

    def action_reject(self):
        """Reject instead: the rejection wizard asks for the reason shown to the dealer."""
        self.ensure_one()
        return self.order_ids.action_dealer_reject()
