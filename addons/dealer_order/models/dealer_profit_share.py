from odoo import api, fields, models
from odoo.exceptions import UserError


class DealerProfitShare(models.Model):
    """What a dealer earns for shipping a fulfillment order from its warehouse.

    Recorded when the delivery is validated (a return records a negative share).
    With dealer_rebate, the bridge module dealer_rebate_profit_share settles the
    ``confirmed`` ones into the dealers' wallets through profit-share policies.
    """

    _name = "dealer.profit.share"
    _description = "Dealer Fulfillment Profit Share"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    partner_id = fields.Many2one("res.partner", string="Dealer", required=True, index=True, ondelete="restrict")
    sale_order_id = fields.Many2one("sale.order", string="Order", required=True, index=True, ondelete="restrict",
                                    check_company=True)
    customer_id = fields.Many2one(related="sale_order_id.partner_id", string="Store", store=True)
    picking_id = fields.Many2one("stock.picking", string="Delivery", index="btree_not_null", ondelete="set null",
                                 check_company=True)
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    currency_id = fields.Many2one(related="company_id.currency_id", store=True)
    date = fields.Date(required=True, index=True, default=fields.Date.context_today)
    base_amount = fields.Monetary(string="Delivered Value", help="Untaxed value delivered (negative for returns).")
    rate = fields.Float(string="Share (%)", digits=(16, 2))
    amount = fields.Monetary(compute="_compute_amount", store=True, readonly=False, precompute=True, tracking=True)
    state = fields.Selection(
        [("draft", "Draft"), ("confirmed", "Confirmed"), ("cancelled", "Cancelled")],
        required=True, default="draft", index=True, tracking=True,
    )

    @api.depends("sale_order_id.name", "picking_id.name")
    def _compute_name(self):
        for share in self:
            share.name = " / ".join(filter(None, [share.sale_order_id.name, share.picking_id.name]))

    @api.depends("base_amount", "rate")
    def _compute_amount(self):
        for share in self:
            share.amount = share.currency_id.round(share.base_amount * share.rate / 100.0) if share.currency_id \
                else share.base_amount * share.rate / 100.0

    def action_confirm(self):
        self.filtered(lambda share: share.state == "draft").state = "confirmed"

    def action_cancel(self):
        self.state = "cancelled"

    def action_draft(self):
        self.state = "draft"

    @api.ondelete(at_uninstall=False)
    def _unlink_except_confirmed(self):
        if any(share.state == "confirmed" for share in self):
            raise UserError(self.env._("Cancel the profit shares before deleting them."))
