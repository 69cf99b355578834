from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class DealerOrderPayment(models.Model):
    _name = "dealer.order.payment"
    _description = "Dealer Order Wallet Payment"
    _order = "order_id, sequence, id"
    _check_company_auto = True

    sequence = fields.Integer(default=10)
    order_id = fields.Many2one("sale.order", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="order_id.company_id", store=True, precompute=True, index=True)
    currency_id = fields.Many2one(related="order_id.currency_id", store=True, precompute=True)
    partner_id = fields.Many2one(related="order_id.dealer_id", string="Dealer")
    wallet_id = fields.Many2one(
        "dealer.wallet", required=True, index=True, ondelete="restrict", check_company=True,
        domain="[('partner_id', '=', partner_id), ('company_id', '=', company_id)]",
    )
    wallet_type = fields.Selection(related="wallet_id.wallet_type", store=True, precompute=True)
    quota_id = fields.Many2one(
        "dealer.wallet.quota", string="Special Quota", ondelete="restrict", index="btree_not_null",
        domain="[('wallet_id', '=', wallet_id)]",
        help="Only for credit: pay from this special quota instead of the regular credit line.",
    )
    amount = fields.Monetary(required=True)
    available_amount = fields.Monetary(
        string="Available", compute="_compute_available_amount",
        help="What the wallet (or quota) can still pay today.",
    )
    reserved_amount = fields.Monetary(string="Reserved", compute="_compute_ledger_amounts")
    consumed_amount = fields.Monetary(string="Consumed", compute="_compute_ledger_amounts")
    transaction_ids = fields.One2many("dealer.wallet.transaction", "payment_line_id", string="Transactions")

    _sql_constraints = [
        ("amount_positive", "CHECK(amount > 0)", "A wallet payment must have a positive amount."),
    ]

    @api.depends("wallet_id", "quota_id")
    def _compute_available_amount(self):
        for line in self:
            line.available_amount = line.wallet_id._get_bucket_available(quota=line.quota_id) if line.wallet_id else 0.0

    @api.depends("transaction_ids.amount", "transaction_ids.kind", "transaction_ids.state")
    def _compute_ledger_amounts(self):
        sums = {}
        for line, kind, amount in self.env["dealer.wallet.transaction"]._read_group(
            [("payment_line_id", "in", self.ids)], ["payment_line_id", "kind"], ["amount:sum"],
        ):
            sums[(line.id, kind)] = amount
        for line in self:
            line.reserved_amount = -(sums.get((line.id, "reserve"), 0.0) + sums.get((line.id, "release"), 0.0))
            consumed = -sums.get((line.id, "consume"), 0.0)
            # reversed consumptions give the money back
            consumed -= sum(line.transaction_ids.filtered(
                lambda t: t.kind == "reversal" and t.reversal_of_id.kind == "consume").mapped("amount"))
            line.consumed_amount = consumed

    def _get_refundable_amount(self):
        """Consumed by invoices and not given back by credit notes yet."""
        self.ensure_one()
        self.invalidate_recordset(["consumed_amount"])
        refunded = sum(self.transaction_ids.filtered(
            lambda t: t.kind == "refund" and t.state == "posted").mapped("amount"))
        return self.consumed_amount - refunded

    def _get_reserved_amount(self):
        self.ensure_one()
        self.invalidate_recordset(["reserved_amount"])
        return self.reserved_amount

    @api.depends("wallet_id", "quota_id", "amount")
    def _compute_display_name(self):
        for line in self:
            label = line.wallet_id.display_name or ""
            if line.quota_id:
                label = "%s / %s" % (label, line.quota_id.name)
            line.display_name = label

    @api.constrains("wallet_id", "quota_id", "order_id")
    def _check_quota(self):
        for line in self:
            if line.wallet_id.partner_id != line.order_id.partner_id.commercial_partner_id:
                raise ValidationError(self.env._(
                    "The wallet %(wallet)s does not belong to the customer of %(order)s.",
                    wallet=line.wallet_id.display_name, order=line.order_id.display_name,
                ))
            if line.quota_id and line.quota_id.wallet_id != line.wallet_id:
                raise ValidationError(self.env._("The special quota must belong to the selected credit wallet."))
            if line.quota_id and line.wallet_id.wallet_type != "credit":
                raise ValidationError(self.env._("Only credit payments can use a special quota."))

    # ------------------------------------------------------------------
    # CRUD: frozen once the order is confirmed (the amounts are reserved)
    # ------------------------------------------------------------------
    def _check_order_editable(self, orders):
        confirmed = orders.filtered(lambda order: order.state == "sale")
        if confirmed:
            raise UserError(self.env._(
                "The wallet payments of confirmed orders are reserved and cannot change (%(orders)s). "
                "Cancel the order and set it back to quotation first.",
                orders=", ".join(confirmed.mapped("name")),
            ))

    @api.model_create_multi
    def create(self, vals_list):
        self._check_order_editable(self.env["sale.order"].browse(
            {vals["order_id"] for vals in vals_list if vals.get("order_id")}
        ))
        return super().create(vals_list)

    def write(self, vals):
        if {"wallet_id", "quota_id", "amount", "order_id"} & vals.keys():
            self._check_order_editable(self.order_id)
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_confirmed(self):
        self._check_order_editable(self.order_id)
