from odoo import api, models

from odoo.addons.dealer_base.tools import format_qty

CATALOG_ORDERS = {
    "name": "name, id",
    "code": "default_code, id",
    "newest": "create_date desc, id desc",
}


class ProductProduct(models.Model):
    _inherit = "product.product"

    @api.model
    def _dealer_portal_catalog_domain(self, dealer, search=None, category=None):
        """Products of ``dealer``'s catalog (its pools) matching a search and a front category."""
        domain = [("sale_ok", "=", True), *dealer._dealer_allowed_product_domain()]
        if search:
            domain += ["|", "|", ("name", "ilike", search), ("default_code", "ilike", search),
                       ("barcode", "ilike", search)]
        if category:
            categories = self.env["dealer.front.category"].sudo().search([("id", "child_of", category.id)])
            domain.append(("product_tmpl_id.dealer_front_category_ids", "in", categories.ids))
        return domain

    @api.model
    def _dealer_portal_catalog(self, dealer, search=None, category=None, offset=0, limit=24, order="name"):
        """Everything the portal catalog page shows for ``dealer``, in a fixed number of queries.

        :return: dict with ``products`` (the page, superuser rights: the products are
            those of the dealer's own pools), ``total``, ``prices`` ``{product id: unit
            price}`` (the dealer's pricelist), ``moq`` ``{product id: (min, multiple)}``,
            ``stock`` (see :meth:`_dealer_portal_stock`) and ``categories``
            (``[(front category, number of the dealer's products)]``)
        """
        # sudo: portal users can read neither products nor pools; the domain restricts
        # the products to the dealer's own catalog (its pools), which the dealer may see
        dealer = dealer.commercial_partner_id.sudo()
        Product = self.sudo().with_company(self.env.company)
        domain = self._dealer_portal_catalog_domain(dealer, search, category)
        products = Product.search(domain, offset=offset, limit=limit, order=CATALOG_ORDERS.get(order, "name, id"))
        total = Product.search_count(domain)
        products.fetch(["name", "default_code", "uom_id", "product_tmpl_id", "is_storable", "description_sale"])
        prices = dealer._dealer_get_prices(products) if products else {}
        return {
            "products": products,
            "total": total,
            "prices": prices,
            "display_prices": products._dealer_portal_display_prices(dealer, prices),
            "moq": self.env["dealer.moq.rule"].sudo()._get_moq_for(dealer, products) if products else {},
            "stock": products._dealer_portal_stock(),
            "categories": self._dealer_portal_catalog_categories(dealer),
        }

    @api.model
    def _dealer_portal_catalog_categories(self, dealer):
        """``[(front category, count)]`` of the front categories holding products of ``dealer``'s
        catalog, in display order (one grouped query)."""
        domain = [("sale_ok", "=", True), *self.env["dealer.product.pool"].allowed_template_domain(dealer)]
        # sudo: counting the dealer's own catalog per front category (see above)
        groups = self.env["product.template"].sudo()._read_group(
            domain, ["dealer_front_category_ids"], ["__count"],
        )
        counts = {category.id: count for category, count in groups if category}
        categories = self.env["dealer.front.category"].sudo().browse(counts).sorted(
            lambda c: (c.complete_name or "", c.id)
        )
        return [(category, counts[category.id]) for category in categories]

    def _dealer_portal_display_prices(self, dealer, prices):
        """``{product id: unit price}`` of ``prices`` (the dealer's pricelist prices) in the
        company's price convention: tax included or excluded, with the product's sales taxes
        mapped by the dealer's fiscal position, as the cart lines compute them. One tax
        computation per distinct taxes and price (queries do not grow with the catalog)."""
        company = self.env.company
        included = company.dealer_portal_price_display == "tax_included"
        # sudo: taxes and fiscal positions are read to convert the dealer's own prices
        products = self.sudo()
        taxes = {product.id: product.taxes_id._filter_taxes_by_company(company) for product in products}
        if not any(taxes.values()):
            return {product.id: prices.get(product.id, 0.0) for product in products}
        fiscal_position = self.env["account.fiscal.position"].sudo().with_company(company)._get_fiscal_position(
            dealer)
        currency = dealer.property_product_pricelist.currency_id or company.currency_id
        computed, result = {}, {}
        for product in products:
            product_taxes = fiscal_position.map_tax(taxes[product.id]) if fiscal_position else taxes[product.id]
            price = prices.get(product.id, 0.0)
            key = (tuple(product_taxes.ids), price)
            if key not in computed:
                amounts = product_taxes.compute_all(price, currency=currency, quantity=1.0)
                computed[key] = amounts["total_included"] if included else amounts["total_excluded"]
            result[product.id] = computed[key]
        return result

    def _dealer_portal_stock(self):
        """``{product id: (level, free quantity)}`` for the catalog, in batch (free quantity
        in the company's default warehouse for sales).

        ``level`` is ``in`` (in stock), ``low`` (at or below the company's threshold)
        or ``out``; products that are not tracked in stock are always ``in``.
        """
        company = self.env.company
        threshold = company.dealer_portal_low_stock
        storable = self.filtered("is_storable")
        # the warehouse dealer orders ship from (sale's default), as the review's stock check
        # sees it; dealers' own fulfillment warehouses are not the brand's stock
        warehouse = self.env.user.with_company(company)._get_default_warehouse_id()
        free = {product.id: product.free_qty
                for product in storable.with_company(company).with_context(warehouse_id=warehouse.id)}
        stock = {}
        for product in self:
            if product.id not in free:
                stock[product.id] = ("in", None)
                continue
            qty = free[product.id]
            rounding = product.uom_id.rounding
            if qty <= rounding / 2:
                level = "out"
            elif qty <= threshold:
                level = "low"
            else:
                level = "in"
            stock[product.id] = (level, qty)
        return stock

    def _dealer_portal_moq_label(self, min_qty, multiple_qty):
        """The MOQ hint of this product for the portal, e.g. "min 6, multiple of 6"."""
        self.ensure_one()
        rounding = self.uom_id.rounding
        parts = []
        if min_qty > 1 + rounding / 2:
            parts.append(self.env._("min %(qty)s", qty=format_qty(min_qty, rounding)))
        if multiple_qty > 1 + rounding / 2:
            parts.append(self.env._("multiple of %(qty)s", qty=format_qty(multiple_qty, rounding)))
        return ", ".join(parts)
