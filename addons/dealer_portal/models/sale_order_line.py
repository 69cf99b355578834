from odoo import models


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    def _dealer_portal_unit_price(self, tax_included):
        """The unit price after discount in the portal's convention (what the dealer pays per unit)."""
        self.ensure_one()
        return self.price_reduce_taxinc if tax_included else self.price_reduce_taxexcl

    def _dealer_portal_amount(self, tax_included):
        self.ensure_one()
        return self.price_total if tax_included else self.price_subtotal

    def _dealer_portal_free_value(self, tax_included):
        """What a free-goods line would cost without the promotion, in the portal's convention."""
        self.ensure_one()
        taxes = self.tax_id.compute_all(
            self.price_unit, currency=self.currency_id, quantity=self.product_uom_qty, product=self.product_id,
            partner=self.order_id.partner_shipping_id,
        )
        return taxes["total_included"] if tax_included else taxes["total_excluded"]
