from werkzeug.exceptions import NotFound

from odoo import http
from odoo.http import request

from odoo.addons.portal.controllers.portal import pager as portal_pager

from ..models.dealer_portal_favorite import USUAL_DAYS
from .portal import DealerCustomerPortal, flash, parse_id, parse_page
from .replica import readonly_unless_own_write

CATALOG_SORTINGS = {"name": "Name", "code": "Code", "newest": "Newest"}
CATALOG_TABS = ("all", "usual", "favorites")


class DealerCatalogPortal(DealerCustomerPortal):

    def _dealer_catalog_favorite_ids(self, dealer):
        """Ids of the dealer's favourite products, newest first (read under the record rules)."""
        favorites = request.env["dealer.portal.favorite"].search([("partner_id", "=", dealer.id)])
        return favorites.product_id.ids

    def _prepare_dealer_catalog_values(self, dealer, page=1, search=None, category=None, sortby=None, tab=None):
        """Values of the catalog page (one call of the catalog data method). ``tab``: all the
        catalog, the dealer's usual products (most ordered lately) or its favourites."""
        company = request.env.company
        tab = tab if tab in CATALOG_TABS else "all"
        usual = {}
        ranked_ids = None
        if tab == "usual":
            usual = request.env["product.product"]._dealer_portal_usual(dealer)
            ranked_ids = list(usual)
        elif tab == "favorites":
            ranked_ids = self._dealer_catalog_favorite_ids(dealer)
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
            ranked_ids=ranked_ids,
        )
        url_args = {key: value for key, value in {"search": search, "category": category, "sortby": sortby,
                                                  "tab": tab if tab != "all" else None}.items() if value}
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
            "tab": tab,
            "usual": usual,
            "usual_days": USUAL_DAYS,
            "favorite_ids": set(ranked_ids) if tab == "favorites" else set(
                request.env["dealer.portal.favorite"].search([
                    ("partner_id", "=", dealer.id), ("product_id", "in", data["products"].ids),
                ]).product_id.ids) if data["products"] else set(),
        })
        return values

    # the page shows the quantities in the cart, and adding to the cart redirects here: the
    # primary right after a write of the session (read-your-writes), the replica otherwise
    @http.route(["/my/catalog", "/my/catalog/page/<int:page>"], type="http", auth="user", website=True,
                readonly=readonly_unless_own_write)
    def dealer_catalog(self, page=1, search=None, category=None, sortby=None, tab=None, **kw):
        dealer = self._dealer_portal_require_dealer()
        values = self._prepare_dealer_catalog_values(dealer, page=page, search=search, category=category,
                                                     sortby=sortby, tab=tab)
        return request.render("dealer_portal.portal_dealer_catalog", values)

    @http.route("/my/catalog/favorite", type="http", auth="user", methods=["POST"], website=True)
    def dealer_catalog_favorite(self, product_id=None, redirect=None, **kw):
        """Star or unstar a product of the dealer's catalog (the favourite is the dealer's)."""
        self._dealer_portal_require_dealer()
        product_id = parse_id(product_id)
        if not product_id:
            raise NotFound()
        target = redirect if isinstance(redirect, str) and redirect.startswith("/my/") else "/my/catalog"
        # sudo: only to find the product; the favourite itself is written under the user's
        # rights and refuses a product outside the dealer's catalog
        product = request.env["product.product"].sudo().browse(product_id).exists()
        if not product:
            raise NotFound()
        starred, error = self._dealer_portal_run(
            lambda: request.env["dealer.portal.favorite"]._dealer_portal_toggle(product.sudo(False)))
        if not error:
            flash("success", request.env._("%(product)s is in your favourites.", product=product.display_name)
                  if starred else request.env._("%(product)s is no longer in your favourites.",
                                                product=product.display_name))
        return request.redirect(target)

    @http.route("/my/catalog/image/<int:product_id>", type="http", auth="user", readonly=True)
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
