from odoo import api, fields, models

from .dealer_fapiao_mixin import FAPIAO_FIELDS


# one concern of the model per file, on purpose (the model is merged by the registry)
class SaleOrder(models.Model):
    """The invoice details of a dealer order: the dealer's defaults, changed for this order
    if the buyer wants, handed to the customer invoice."""

    _name = "sale.order"
    _inherit = ["sale.order", "dealer.fapiao.mixin"]  # pylint: disable=consider-merging-classes-inherited

    dealer_fapiao_type = fields.Selection(
        compute="_compute_dealer_fapiao", store=True, readonly=False, precompute=True, tracking=True,
    )
    dealer_fapiao_title = fields.Char(
        compute="_compute_dealer_fapiao", store=True, readonly=False, precompute=True, tracking=True,
    )
    dealer_fapiao_tax_number = fields.Char(
        compute="_compute_dealer_fapiao", store=True, readonly=False, precompute=True, tracking=True,
    )
    dealer_fapiao_bank_name = fields.Char(compute="_compute_dealer_fapiao", store=True, readonly=False,
                                          precompute=True)
    dealer_fapiao_bank_account = fields.Char(compute="_compute_dealer_fapiao", store=True, readonly=False,
                                             precompute=True)
    dealer_fapiao_address = fields.Char(compute="_compute_dealer_fapiao", store=True, readonly=False,
                                        precompute=True)
    dealer_fapiao_phone = fields.Char(compute="_compute_dealer_fapiao", store=True, readonly=False,
                                      precompute=True)

    @api.depends("partner_id")
    def _compute_dealer_fapiao(self):
        """A dealer order starts with the dealer's default invoice details; other orders have none."""
        for order in self:
            dealer = order.partner_id.commercial_partner_id
            if dealer.is_dealer:
                order.update(dealer._dealer_fapiao_order_values())
            else:
                order.update(dict.fromkeys(FAPIAO_FIELDS, False))

    def _get_invoice_grouping_keys(self):
        keys = super()._get_invoice_grouping_keys()
        # orders invoiced to different titles or types are never merged into one invoice (both
        # are set on every order with invoice details: the keys compare as strings)
        if self and all(self.mapped("dealer_fapiao_type")):
            keys += ["dealer_fapiao_type", "dealer_fapiao_title"]
        return keys

    def _prepare_invoice(self):
        values = super()._prepare_invoice()
        if self.dealer_fapiao_type:
            values.update(self._dealer_fapiao_values())
        return values
