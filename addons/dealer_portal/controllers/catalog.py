from werkzeug.exceptions import NotFound

from odoo import http
from odoo.http import request

from odoo.addons.portal.controllers.portal import pager as portal_pager

from .portal import DealerCustomerPortal, parse_id, parse_page

CATALOG_SORTINGS = {"name": "Name", "code": "Code", "newest": "Newest"}


class DealerCatalogPortal(DealerCustomerPortal):

    def _prepare_dealer_catalog_values(self, dealer, page=1, search=None, category=None, sortby=None):
        """Values of the catalog page (one call of the catalog data method)."""
        company = request.env.company
        limit = company.dealer_portal_page_size or 24
        category_rec = None
        if category:
            category_id = parse_id(category)
            if not category_id:
                raise NotFound()
            category_rec = request.env["dealer.front.category"].browse(category_id).exists()
        sortby = sortby if sortby in CATALOG_SORTINGS else "name"
        page = parse_page(page)
        data = request.env["product.product"]._dealer_portal_catalog(
            dealer, search=search, category=category_rec, offset=(page - 1) * limit, limit=limit, order=sortby,
        )
        url_args = {key: value for key, value in {"search": search, "category": category, "sortby": sortby}.items()
                    if value}
        pager = portal_pager(url="/my/catalog", url_args=url_args, total=data["total"], page=page, step=limit)
        cart = request.env["sale.order"]._dealer_portal_cart()
        in_cart = {}
        for line in cart._dealer_portal_product_lines() if cart else []:
            in_cart[line.product_id.id] = in_cart.get(line.product_id.id, 0.0) + line.product_uom_qty
        values = self._prepare_portal_layout_values()
        values.update({
            "page_name": "dealer_catalog",
            "dealer": dealer,
            "catalog": data,
            "pager": pager,
            "search": search or "",
            "category": category_rec,
            "sortby": sortby,
            "sortings": CATALOG_SORTINGS,
            "currency": dealer.sudo().property_product_pricelist.currency_id or company.currency_id,
            "stock_display": company.dealer_portal_stock_display,
            "in_cart": in_cart,
            "cart_count": len(in_cart),
        })
        return values

    @http.route(["/my/catalog", "/my/catalog/page/<int:page>"], type="http", auth="user", website=True)
    def dealer_catalog(self, page=1, search=None, category=None, sortby=None, **kw):
        dealer = self._dealer_portal_require_dealer()
        values = self._prepare_dealer_catalog_values(dealer, page=page, search=search, category=category,
                                                     sortby=sortby)
        return request.render("dealer_portal.portal_dealer_catalog", values)

    @http.route("/my/catalog/image/<int:product_id>", type="http", auth="user")
    def dealer_catalog_image(self, product_id, **kw):
        """Product image of the dealer's own catalog (portal users cannot read products)."""
        dealer = self._dealer_portal_require_dealer()
        # sudo: portal users cannot read products; only a product of the dealer's own
        # catalog is served
        product = request.env["product.product"].sudo().browse(product_id).exists()
        if not product or not dealer.sudo()._dealer_allowed_products(product):
            raise NotFound()
        return request.env["ir.binary"]._get_image_stream_from(
            product, "image_128", placeholder="product/static/img/placeholder_thumbnail.png",
        ).get_response()
