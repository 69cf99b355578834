from odoo import fields, models


class DealerOrderRejectWizard(models.TransientModel):
    _name = "dealer.order.reject.wizard"
    _description = "Reject Dealer Orders"

    order_ids = fields.Many2many("sale.order", string="Orders", required=True)
    reason = fields.Text(required=True, help="Why the orders are rejected; the dealer reads it on its order page "
                         "and its salesperson is told.")

    def action_reject(self):
        self.ensure_one()
        self.order_ids._dealer_reject(self.reason)
        return {"type": "ir.actions.act_window_close"}
