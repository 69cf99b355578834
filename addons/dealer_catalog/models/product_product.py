from odoo import api, fields, models

from .product_template import _search_catalog_partner


class ProductProduct(models.Model):
    _inherit = "product.product"

    dealer_catalog_partner_id = fields.Many2one(
        "res.partner",
        string="Authorized for Dealer",
        compute="_compute_dealer_catalog",
        search="_search_dealer_catalog_partner_id",
        help="Search on it to list the products a dealer may order (its product pools).",
    )
    dealer_price = fields.Float(
        compute="_compute_dealer_catalog",
        digits="Product Price",
        help="Unit price of the product for the dealer in context, from the dealer's pricelist.",
    )
    dealer_pricelist_id = fields.Many2one(
        "product.pricelist", compute="_compute_dealer_catalog"
    )
    dealer_min_qty = fields.Float(
        string="Minimum Order Qty", compute="_compute_dealer_catalog", digits="Product Unit of Measure"
    )
    dealer_multiple_qty = fields.Float(
        string="Order Multiple", compute="_compute_dealer_catalog", digits="Product Unit of Measure"
    )

    @api.depends_context("dealer_catalog_partner_id", "company")
    def _compute_dealer_catalog(self):
        """Dealer price and MOQ of the products for the dealer in context, in batch.

        One pricelist call for all the products and one MOQ rule search.
        """
        partner = self.env["res.partner"].browse(self.env.context.get("dealer_catalog_partner_id"))
        prices, moq = {}, {}
        pricelist = self.env["product.pricelist"]
        products = self.filtered("id")
        if partner and products:
            pricelist = partner.property_product_pricelist
            prices = partner._dealer_get_prices(products)
            moq = self.env["dealer.moq.rule"]._get_moq_for(partner, products)
        for product in self:
            min_qty, multiple_qty = moq.get(product.id, (0.0, 0.0))
            product.dealer_catalog_partner_id = partner
            product.dealer_pricelist_id = pricelist
            product.dealer_price = prices.get(product.id, product.lst_price)
            product.dealer_min_qty = min_qty
            product.dealer_multiple_qty = multiple_qty

    def _search_dealer_catalog_partner_id(self, operator, value):
        return _search_catalog_partner(self.env, operator, value, "allowed_product_domain")
