from odoo import api, fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    dealer_id = fields.Many2one(
        "res.partner",
        compute="_compute_dealer_id",
        store=True,
        index="btree_not_null",
        help="The commercial partner of the customer when it is a dealer.",
    )
    dealer_level_id = fields.Many2one(related="dealer_id.dealer_level_id", string="Dealer Level")
    dealer_region_override = fields.Boolean(
        string="Cross-region Override", copy=False, readonly=True, tracking=True,
        help="A Dealer Manager allowed this order to be delivered outside the dealer's authorized regions.",
    )
    dealer_region_override_reason = fields.Text(string="Override Reason", copy=False, readonly=True)

    @api.depends("partner_id.commercial_partner_id.is_dealer")
    def _compute_dealer_id(self):
        for order in self:
            commercial = order.partner_id.commercial_partner_id
            order.dealer_id = commercial if commercial.is_dealer else False

    # ------------------------------------------------------------------
    # Confirmation guard
    # ------------------------------------------------------------------
    def _confirmation_error_message(self):
        error = super()._confirmation_error_message()
        if error or not self.dealer_id:
            return error
        errors = self._dealer_confirmation_errors()
        return "\n\n".join(errors) if errors else False

    def _dealer_confirmation_errors(self):
        """Messages that prevent this dealer order from being confirmed.

        Hook for the modules of the suite (catalog, MOQ...): extend it and add
        your messages to the list so the user sees every problem at once.
        """
        self.ensure_one()
        errors = []
        if self.dealer_id.dealer_state == "suspended":
            errors.append(self.env._(
                "Dealer %(dealer)s is suspended: no new order can be confirmed.",
                dealer=self.dealer_id.display_name,
            ))
        if not self.dealer_region_override:
            region_error = self._dealer_region_error()
            if region_error:
                errors.append(region_error)
        return errors

    def _dealer_delivered_products(self):
        """Goods of the order that the cross-region rules apply to."""
        self.ensure_one()
        lines = self.order_line.filtered(
            lambda line: not line.display_type and not line.is_downpayment and line.product_id.type != "service"
        )
        return lines.product_id

    def _dealer_region_error(self):
        """Error message when the delivery address is outside the dealer's territory."""
        self.ensure_one()
        products = self._dealer_delivered_products()
        if not products:
            return False
        address = self.partner_shipping_id
        date = fields.Date.context_today(self)
        unauthorized = self.dealer_id._dealer_unauthorized_products(address, products, date)
        if not unauthorized:
            return False
        if not address.state_id:
            return self.env._(
                "Cross-region sale: the delivery address %(address)s has no province, so it cannot be "
                "checked against the regions %(dealer)s is authorized for.",
                address=address.display_name, dealer=self.dealer_id.display_name,
            )
        return self.env._(
            "Cross-region sale: %(dealer)s is not authorized to deliver to %(province)s for: %(products)s. "
            "A Dealer Manager can override this check for this order with a reason.",
            dealer=self.dealer_id.display_name,
            province=address.state_id.name,
            products=", ".join(unauthorized.mapped("display_name")),
        )

    def action_dealer_region_override(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Override Cross-region Check"),
            "res_model": "dealer.region.override.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_order_id": self.id},
        }
