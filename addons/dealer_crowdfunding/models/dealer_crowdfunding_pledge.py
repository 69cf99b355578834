from odoo import Command, api, fields, models
from odoo.exceptions import UserError

PLEDGE_STATES = [
    ("pledged", "Pledged"),
    ("ordered", "Ordered"),
    ("released", "Released"),
    ("cancelled", "Cancelled"),
]


class DealerCrowdfundingPledge(models.Model):
    _name = "dealer.crowdfunding.pledge"
    _description = "Crowdfunding Pledge"
    _inherit = ["mail.thread"]
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(string="Reference", readonly=True, copy=False, default="/", index=True)
    campaign_id = fields.Many2one(
        "dealer.crowdfunding", required=True, index=True, ondelete="restrict",
        readonly=True, check_company=True,
    )
    company_id = fields.Many2one(related="campaign_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="campaign_id.currency_id", store=True)
    product_id = fields.Many2one(related="campaign_id.product_id", store=True)
    product_uom_id = fields.Many2one(related="campaign_id.product_uom_id", string="Unit")
    partner_id = fields.Many2one(
        "res.partner", string="Dealer", required=True, index=True, readonly=True, ondelete="restrict",
    )
    qty = fields.Float(string="Quantity", digits="Product Unit of Measure", required=True, readonly=True)
    price_unit = fields.Monetary(related="campaign_id.price_unit", string="Campaign Price")
    amount = fields.Monetary(
        readonly=True, help="Tax-included amount of the pledge at the campaign price.",
    )
    deposit_amount = fields.Monetary(
        string="Deposit", readonly=True, help="Part of the amount held on the dealer's cash wallet.",
    )
    state = fields.Selection(PLEDGE_STATES, required=True, default="pledged", readonly=True, index=True,
                             tracking=True)
    wallet_id = fields.Many2one("dealer.wallet", string="Deposit Wallet", readonly=True, check_company=True)
    wallet_transaction_ids = fields.Many2many(
        "dealer.wallet.transaction", "dealer_crowdfunding_pledge_transaction_rel", "pledge_id", "transaction_id",
        string="Wallet Transactions", readonly=True, copy=False,
    )
    sale_order_id = fields.Many2one(
        "sale.order", string="Order", readonly=True, copy=False, index="btree_not_null", check_company=True,
    )
    campaign_state = fields.Selection(related="campaign_id.state", string="Campaign Status")
    deadline = fields.Datetime(related="campaign_id.deadline")
    date_pledged = fields.Datetime(string="Pledged On", default=fields.Datetime.now, readonly=True)

    _sql_constraints = [
        ("qty_positive", "CHECK(qty > 0)", "A pledge must have a positive quantity."),
    ]

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("dealer.crowdfunding.pledge") or "/"
        return super().create(vals_list)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(self.env._("Pledges cannot be deleted: cancel them (their deposit is released)."))

    # ------------------------------------------------------------------
    # Deposit on the wallet
    # ------------------------------------------------------------------
    def _idempotency_key(self, step):
        self.ensure_one()
        return "crowdfunding-pledge-%s-%s" % (self.id, step)

    def _reserve_deposit(self):
        """Hold the deposit on the dealer's cash wallet (idempotent per pledge)."""
        for pledge in self:
            if pledge.currency_id.is_zero(pledge.deposit_amount):
                continue
            transaction = pledge.wallet_id._reserve(
                pledge.deposit_amount, origin=pledge.name, idempotency_key=pledge._idempotency_key("reserve"),
            )
            pledge._link_transactions(transaction)

    def _release_deposit(self, state):
        """Free the deposit of pledged pledges and set them to ``state`` (idempotent per pledge)."""
        for pledge in self:
            if pledge.state != "pledged":
                raise UserError(self.env._("The deposit of %(pledge)s was already released or used.",
                                           pledge=pledge.name))
            if not pledge.currency_id.is_zero(pledge.deposit_amount):
                transaction = pledge.wallet_id._release(
                    pledge.deposit_amount, origin=pledge.name, idempotency_key=pledge._idempotency_key("release"),
                )
                pledge._link_transactions(transaction)
            pledge.state = state

    def _link_transactions(self, transactions):
        # sudo: links the ledger rows the pledge API itself posted; the pledger may
        # not have write access to pledges (portal)
        self.sudo().wallet_transaction_ids = [Command.link(transaction.id) for transaction in transactions]

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_cancel(self):
        """Cancel pledges of open campaigns; their deposit is released."""
        for campaign, pledges in self.grouped("campaign_id").items():
            campaign._lock()
            for pledge in pledges:
                if pledge.state == "cancelled":
                    continue
                if pledge.state != "pledged" or campaign.state != "open":
                    raise UserError(self.env._(
                        "Only pledges of open campaigns can be cancelled (%(pledge)s).", pledge=pledge.name))
            pledges.filtered(lambda p: p.state == "pledged")._release_deposit("cancelled")
            campaign._set_pledged_qty()
        return True

    def action_portal_cancel(self):
        """Cancel the pledge from the portal: only the dealer's own pledges."""
        self.check_access("read")
        partner = self.env.user.commercial_partner_id
        if any(pledge.partner_id != partner for pledge in self):
            raise UserError(self.env._("You can only cancel your own pledges."))
        # sudo: the pledges are the user's own (checked above); portal users cannot
        # write pledges, campaigns or wallets themselves
        return self.sudo().action_cancel()

    def action_view_order(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "sale.order",
            "view_mode": "form",
            "res_id": self.sale_order_id.id,
        }

    # ------------------------------------------------------------------
    # Success: the pledge becomes an order
    # ------------------------------------------------------------------
    def _prepare_order_values(self, due_date):
        """Values of the crowdfunding order of this pledge (hook)."""
        self.ensure_one()
        campaign = self.campaign_id
        vals = {
            "partner_id": self.partner_id.id,
            "company_id": campaign.company_id.id,
            "dealer_flow": "crowdfunding",
            "crowdfunding_campaign_id": campaign.id,
            "origin": "%s %s" % (campaign.reference, self.name),
            "order_line": [Command.create({
                "product_id": campaign.product_id.id,
                "product_uom_qty": self.qty,
                "price_unit": campaign.price_unit,
                "discount": 0.0,
            })],
            "deposit_ratio": campaign.deposit_ratio,
            "deposit_balance_due_date": due_date,
        }
        if campaign.warehouse_id:
            vals["warehouse_id"] = campaign.warehouse_id.id
        return vals

    def _make_order(self, due_date):
        """Create and confirm the order of the pledge; its deposit moves from the
        pledge's reservation to the order's deposit payment line (same transaction)."""
        self.ensure_one()
        Order = self.env["sale.order"].with_company(self.company_id)
        order = Order.create(self._prepare_order_values(due_date))
        currency = self.currency_id
        if currency.compare_amounts(order.amount_total, self.amount):
            raise UserError(self.env._(
                "The order of %(pledge)s totals %(total)s instead of the pledged %(amount)s (product taxes changed?).",
                pledge=self.name, total=currency.format(order.amount_total), amount=currency.format(self.amount),
            ))
        order.deposit_amount = self.deposit_amount
        order.dealer_payment_ids = [Command.create({"wallet_id": self.wallet_id.id, "amount": self.deposit_amount})]
        self._release_deposit("ordered")
        self.sale_order_id = order
        order.action_confirm()
        # the confirmation dates the order again: the balance is due counted from the close
        order.deposit_balance_due_date = due_date
        if currency.compare_amounts(order.deposit_amount, self.deposit_amount):
            raise UserError(self.env._(
                "The deposit of %(order)s (%(order_deposit)s) differs from the pledged deposit (%(deposit)s).",
                order=order.name, order_deposit=currency.format(order.deposit_amount),
                deposit=currency.format(self.deposit_amount),
            ))
        return order
