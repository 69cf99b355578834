from odoo import api, fields, models

from odoo.addons.dealer_base.tools import format_qty

from ..tools import moq_violation


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    dealer_product_domain = fields.Char(
        compute="_compute_dealer_product_domain",
        help="Domain of the products the line may use: the dealer's catalog for dealer orders.",
    )

    @api.depends("order_id.dealer_product_domain")
    def _compute_dealer_product_domain(self):
        for line in self:
            line.dealer_product_domain = line.order_id.dealer_product_domain or str([("sale_ok", "=", True)])

    @api.onchange("product_id", "product_uom_qty", "product_uom")
    def _onchange_dealer_moq_warning(self):
        """Warn early (the confirmation check is the real guard)."""
        dealer = self.order_id.dealer_id
        product = self.product_id
        if not dealer or not product or self.display_type or not self.product_uom:
            return None
        moq = self.env["dealer.moq.rule"].with_company(self.order_id.company_id)._get_moq_for(dealer, product)
        if product.id not in moq:
            return None
        min_qty, multiple_qty = moq[product.id]
        # the confirmation check sums the lines of the product: warn on the sum too
        quantity = sum(
            line.product_uom._compute_quantity(line.product_uom_qty, product.uom_id, round=False)
            for line in self.order_id.order_line
            if line.product_id == product and line.product_uom and not line.display_type
        )
        if not moq_violation(quantity, min_qty, multiple_qty, product.uom_id.rounding):
            return None
        return {
            "warning": {
                "type": "notification",
                "title": self.env._("Minimum order quantity"),
                "message": self.env._(
                    "%(dealer)s orders %(product)s by at least %(min)s %(uom)s, in multiples of %(multiple)s "
                    "%(uom)s (summed over the lines of the order).",
                    dealer=dealer.display_name, product=product.display_name,
                    min=format_qty(min_qty, product.uom_id.rounding),
                    multiple=format_qty(multiple_qty, product.uom_id.rounding),
                    uom=product.uom_id.name,
                ),
            }
        }
