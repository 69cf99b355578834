from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import float_round

from odoo.addons.dealer_base.tools import format_qty

from .dealer_portal_favorite import USUAL_DAYS, USUAL_MAX_PRODUCTS

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
    def _dealer_portal_usual(self, dealer, days=USUAL_DAYS, limit=USUAL_MAX_PRODUCTS):
        """``{product id: {"orders", "qty", "usual_qty"}}`` of the products ``dealer`` ordered
        most often in its confirmed orders of the last ``days`` days, most ordered first (one
        grouped query, whatever the number of orders): in how many orders, how many units in
        all, and the usual quantity (units per order, rounded to the unit of measure)."""
        since = fields.Datetime.now() - timedelta(days=days)
        # sudo: the dealer's own confirmed orders (by its commercial partner); portal users
        # read only the quantities of their own products here
        groups = self.env["sale.order.line"].sudo()._read_group(
            [("order_id.dealer_id", "=", dealer.commercial_partner_id.id), ("state", "=", "sale"),
             ("order_id.date_order", ">=", since), ("display_type", "=", False),
             ("dealer_promotion_id", "=", False), ("is_downpayment", "=", False), ("product_id", "!=", False)],
            ["product_id"], ["order_id:count_distinct", "product_uom_qty:sum"],
            order="order_id:count_distinct desc, product_uom_qty:sum desc, product_id", limit=limit,
        )
        usual = {}
        for product, orders, qty in groups:
            per_order = qty / orders
            # whole units from one unit up (9.29 pieces a time is 10), else the unit's rounding
            rounding = 1.0 if per_order >= 1.0 else product.uom_id.rounding
            usual[product.id] = {
                "orders": orders, "qty": qty,
                "usual_qty": float_round(per_order, precision_rounding=rounding, rounding_method="UP"),
            }
        return usual

    @api.model
    def _dealer_portal_catalog(self, dealer, search=None, category=None, offset=0, limit=24, order="name",
                               ranked_ids=None):
        """Everything the portal catalog page shows for ``dealer``, in a fixed number of queries.

        :return: dict with ``products`` (the page, superuser rights: the products are
            those of the dealer's own pools), ``total``, ``prices`` ``{product id: unit
            price}`` (the dealer's pricelist), ``moq`` ``{product id: (min, multiple)}``,
            ``stock`` (see :meth:`_dealer_portal_stock`) and ``categories``
            (``[(front category, number of the dealer's products)]``); with ``ranked_ids``
            (product ids in the order to show them) only those, in that order
        """
        # sudo: portal users can read neither products nor pools; the domain restricts
        # the products to the dealer's own catalog (its pools), which the dealer may see
        dealer = dealer.commercial_partner_id.sudo()
        Product = self.sudo().with_company(self.env.company)
        domain = self._dealer_portal_catalog_domain(dealer, search, category)
        if ranked_ids is not None:
            # a short list in its own order (usual products, favourites): the ones still in
            # the catalog and matching, in that order
            found = set(Product.search([*domain, ("id", "in", list(ranked_ids))]).ids)
            ranked = [product_id for product_id in ranked_ids if product_id in found]
            products = Product.browse(ranked[offset:offset + limit])
            total = len(ranked)
        else:
            products = Product.search(domain, offset=offset, limit=limit, order=CATALOG_ORDERS.get(order, "name, id"))
            total = Product.search_count(domain)
        products.fetch(["name", "default_code", "uom_id", "product_tmpl_id", "is_storable", "description_sale"])
        return {
            "products": products,
            "total": total,
            **products._dealer_portal_offer(dealer),
            "categories": self._dealer_portal_catalog_categories(dealer),
        }

    def _dealer_portal_offer(self, dealer):
        """What the portal shows of these products for ``dealer`` wherever it sells them
        (catalog, product page, related products), in a fixed number of queries: ``prices``
        ``{product id: unit price}`` (the dealer's pricelist), ``display_prices`` (the same in
        the company's tax convention), ``moq`` ``{product id: (min, multiple)}`` and ``stock``
        (see :meth:`_dealer_portal_stock`). ``self`` is read with superuser rights: the
        caller restricts it to the dealer's own catalog."""
        dealer = dealer.commercial_partner_id.sudo()
        products = self.sudo().with_company(self.env.company)
        prices = dealer._dealer_get_prices(products) if products else {}
        return {
            "prices": prices,
            "display_prices": products._dealer_portal_display_prices(dealer, prices),
            "moq": self.env["dealer.moq.rule"].sudo()._get_moq_for(dealer, products) if products else {},
            "stock": products._dealer_portal_stock(),
        }

    @api.model
    def _dealer_portal_buyable(self, dealer, product_ids):
        """The products among ``product_ids`` that ``dealer`` may buy in the portal: in its
        catalog (pools, saleable), active and of the current company or shared, in one
        query; superuser rights (portal users cannot read products), in the given order."""
        ids = [product_id for product_id in product_ids if isinstance(product_id, int) and 0 < product_id < 2**31]
        if not ids:
            return self.sudo().browse()
        company = self.env.company
        # sudo: the domain restricts to the dealer's own catalog of this company
        found = self.sudo().with_company(company).search([
            ("id", "in", ids), ("company_id", "in", [False, company.id]),
            *self._dealer_portal_catalog_domain(dealer.commercial_partner_id.sudo()),
        ])
        order = {product_id: index for index, product_id in enumerate(ids)}
        return found.sorted(lambda product: order[product.id])

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

    def _dealer_portal_specs(self):
        """``[(label, value)]`` of the specifications the product page lists: internal
        reference, barcode, the attributes and their values (the variant's own value for the
        attributes that make variants), weight and volume when set."""
        self.ensure_one()
        # sudo: the product was checked buyable by the dealer; attributes are plain catalog data
        product = self.sudo()
        specs = []
        if product.default_code:
            specs.append((self.env._("Internal reference"), product.default_code))
        if product.barcode:
            specs.append((self.env._("Barcode"), product.barcode))
        own_values = product.product_template_attribute_value_ids
        for line in product.product_tmpl_id.attribute_line_ids:
            if line.attribute_id.create_variant != "no_variant":
                values = own_values.filtered(lambda value, line=line: value.attribute_line_id == line)
                names = values.mapped("name")
            else:
                names = line.value_ids.mapped("name")
            if names:
                specs.append((line.attribute_id.name, ", ".join(names)))
        if product.weight:
            specs.append((self.env._("Weight"), f"{format_qty(product.weight, 0.001)} {product.weight_uom_name}"))
        if product.volume:
            specs.append((self.env._("Volume"), f"{format_qty(product.volume, 0.0001)} {product.volume_uom_name}"))
        specs.append((self.env._("Unit of measure"), product.uom_id.name))
        return specs
