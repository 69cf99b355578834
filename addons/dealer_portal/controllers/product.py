from werkzeug.exceptions import NotFound

from odoo import http
from odoo.http import request

from .portal import DealerCustomerPortal, parse_id

# sizes of the gallery pictures the product page asks for (thumbnails, the large view)
GALLERY_SIZES = {"128": "image_128", "512": "image_512", "1024": "image_1024"}
RELATED_MAX = 12


class DealerProductPortal(DealerCustomerPortal):
    """The product page of the dealer mall: gallery, description, specifications, packagings,
    the dealer's price and MOQ, stock, add to cart, favourite and related products."""

    def _dealer_portal_buyable_or_404(self, dealer, product_id):
        """The product ``product_id`` if ``dealer`` may buy it (superuser rights), else 404:
        another dealer's product, one outside the pools, archived or of another company is
        not found, whatever it is."""
        product = request.env["product.product"]._dealer_portal_buyable(dealer, [product_id])
        if not product:
            raise NotFound()
        return product

    def _prepare_dealer_product_values(self, dealer, product):
        """Values of the product page of ``product`` (checked buyable by ``dealer``)."""
        company = request.env.company
        Product = request.env["product.product"]
        template = product.product_tmpl_id
        related = Product._dealer_portal_buyable(
            dealer, template.dealer_related_product_ids.product_variant_ids.ids)[:RELATED_MAX]
        offer = (product | related)._dealer_portal_offer(dealer)
        favorite = request.env["dealer.portal.favorite"].search_count([
            ("partner_id", "=", dealer.id), ("product_id", "=", product.id)], limit=1)
        values = self._prepare_portal_layout_values()
        values.update({
            "page_name": "dealer_product",
            "dealer": dealer,
            "product": product,
            "gallery": request.env["dealer.product.image"].sudo()._dealer_gallery(template)[template.id],
            "specs": product._dealer_portal_specs(),
            "packagings": product.packaging_ids.sorted(lambda p: (p.sequence, p.qty, p.id)),
            "related": related,
            "offer": offer,
            "moq": offer["moq"].get(product.id),
            "stock_info": offer["stock"][product.id],
            "stock_display": company.dealer_portal_stock_display,
            "currency": dealer.sudo().property_product_pricelist.currency_id or company.currency_id,
            "starred": bool(favorite),
        })
        return values

    # the page shows nothing the dealer writes but its favourite star, and the favourite's
    # toggle redirects to it: a star a second late on a replica is harmless
    @http.route("/my/catalog/product/<int:product_id>", type="http", auth="user", website=True, readonly=True)
    def dealer_product(self, product_id, **kw):
        dealer = self._dealer_portal_require_dealer()
        product = self._dealer_portal_buyable_or_404(dealer, product_id)
        return request.render("dealer_portal.portal_dealer_product",
                              self._prepare_dealer_product_values(dealer, product))

    @http.route("/my/catalog/product/<int:product_id>/gallery", type="http", auth="user", readonly=True)
    def dealer_product_gallery(self, product_id, image_id=None, size="1024", **kw):
        """A picture of the product page: the product's own image (no ``image_id``) or one of
        its gallery images, in ``size`` (128, 512 or 1024 pixels), for a product the dealer
        may buy only."""
        dealer = self._dealer_portal_require_dealer()
        product = self._dealer_portal_buyable_or_404(dealer, product_id)
        field = GALLERY_SIZES.get(size)
        if not field:
            raise NotFound()
        record = product
        if image_id not in (None, ""):
            image_id = parse_id(image_id)
            # sudo: the gallery image of the product checked above, and no other
            record = request.env["dealer.product.image"].sudo().search([
                ("id", "=", image_id or 0), ("product_tmpl_id", "=", product.product_tmpl_id.id)], limit=1)
            if not record:
                raise NotFound()
        return request.env["ir.binary"]._get_image_stream_from(
            record, field, placeholder="product/static/img/placeholder_thumbnail.png",
        ).get_response()
