from collections import defaultdict

from odoo import api, fields, models
from odoo.osv import expression

from odoo.addons.dealer_base.tools import format_qty

from ..tools import moq_violation


class SaleOrder(models.Model):
    _inherit = "sale.order"

    dealer_product_domain = fields.Char(
        compute="_compute_dealer_product_domain",
        help="Domain of the products the order lines may use: the dealer's catalog for dealer orders.",
    )

    @api.depends("dealer_id")
    def _compute_dealer_product_domain(self):
        for order in self:
            order.dealer_product_domain = str(order._dealer_product_domain())

    def _dealer_product_domain(self):
        """Domain on product.product / product.template of the products the lines may use."""
        self.ensure_one()
        domain = [("sale_ok", "=", True)]
        if self.dealer_id:
            domain.append(("dealer_catalog_partner_id", "=", self.dealer_id.id))
        return domain

    def _get_product_catalog_domain(self):
        """The product catalog of a dealer order ("Catalog" on the lines) shows its products only."""
        domain = super()._get_product_catalog_domain()
        if len(self) == 1 and self.dealer_id:
            domain = expression.AND([domain, [("dealer_catalog_partner_id", "=", self.dealer_id.id)]])
        return domain

    # ------------------------------------------------------------------
    # Confirmation checks (dealer_base hook)
    # ------------------------------------------------------------------
    def _dealer_confirmation_errors(self):
        errors = super()._dealer_confirmation_errors()
        unauthorized_errors, unauthorized = self._dealer_catalog_errors()
        errors.extend(unauthorized_errors)
        errors.extend(self._dealer_moq_errors(exclude=unauthorized))
        return errors

    def _dealer_catalog_lines(self):
        """Order lines the catalog and MOQ checks apply to.

        Hook: modules adding lines the dealer does not order itself (free
        products of promotions, delivery costs...) exclude them here.
        """
        self.ensure_one()
        return self.order_line.filtered(
            lambda line: line.product_id
            and not line.display_type
            and not line.is_downpayment
            and not line._is_delivery()
        )

    def _dealer_catalog_errors(self):
        """One message per product the dealer may not order.

        :return: (list of messages, recordset of the unauthorized products)
        """
        self.ensure_one()
        products = self._dealer_catalog_lines().product_id
        if not self.dealer_id or not products:
            return [], self.env["product.product"]
        dealer = self.dealer_id.with_company(self.company_id)
        unauthorized = dealer._dealer_unauthorized_catalog_products(products)
        errors = [
            self.env._(
                "%(dealer)s may not order %(product)s: the product is not in the dealer's product pools.",
                dealer=self.dealer_id.display_name, product=product.display_name,
            )
            for product in unauthorized
        ]
        return errors, unauthorized

    def _dealer_ordered_quantities(self):
        """``{product: quantity}`` of the catalog lines, summed per product in the product's unit."""
        self.ensure_one()
        quantities = defaultdict(float)
        for line in self._dealer_catalog_lines():
            product = line.product_id
            quantities[product] += line.product_uom._compute_quantity(
                line.product_uom_qty, product.uom_id, round=False
            )
        return quantities

    def _dealer_moq_errors(self, exclude=None):
        """One message per product ordered below its minimum or not in its order multiple."""
        self.ensure_one()
        if not self.dealer_id:
            return []
        quantities = self._dealer_ordered_quantities()
        products = self.env["product.product"].union(*quantities) - (exclude or self.env["product.product"])
        moq = self.env["dealer.moq.rule"].with_company(self.company_id)._get_moq_for(self.dealer_id, products)
        errors = []
        for product in products:
            if product.id not in moq:
                continue
            min_qty, multiple_qty = moq[product.id]
            quantity = quantities[product]
            problems = moq_violation(quantity, min_qty, multiple_qty, product.uom_id.rounding)
            rounding = product.uom_id.rounding
            values = {
                "product": product.display_name,
                "qty": format_qty(quantity, rounding),
                "uom": product.uom_id.name,
                "min": format_qty(min_qty, rounding),
                "multiple": format_qty(multiple_qty, rounding),
                "dealer": self.dealer_id.display_name,
            }
            if "min" in problems:
                errors.append(self.env._(
                    "%(product)s: %(qty)s %(uom)s ordered, below the minimum order quantity of "
                    "%(min)s %(uom)s for %(dealer)s.",
                    **values,
                ))
            if "multiple" in problems:
                errors.append(self.env._(
                    "%(product)s: %(qty)s %(uom)s ordered, not a multiple of %(multiple)s %(uom)s.",
                    **values,
                ))
        return errors
