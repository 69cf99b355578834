from werkzeug.exceptions import NotFound

from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request

from odoo.addons.dealer_base.tools import parse_date, parse_quantity

from ..models.dealer_portal_favorite import USUAL_DAYS
from .checkout import FAPIAO_TYPES, keep_fapiao_draft, pop_fapiao_draft, posted_fapiao
from .portal import DealerCustomerPortal, flash, parse_id
from .replica import readonly_unless_own_write


def _qty(value):
    """A quantity typed by the dealer, or ``None`` when it is not a decimal number."""
    return parse_quantity(value)


def _not_a_number():
    return request.env._("Write the quantity as a number, for example 12 or 12.5.")


class DealerCartPortal(DealerCustomerPortal):

    def _dealer_portal_cart_or_404(self, create=False):
        self._dealer_portal_require_dealer()
        return request.env["sale.order"]._dealer_portal_cart(create=create)

    def _dealer_portal_flash_hints(self, hints):
        for hint in hints or []:
            flash("warning", hint)

    # the cart is the dealer's own document being edited: every cart write redirects here, so
    # it reads the primary after a write (read-your-writes); the page writes nothing (no cart
    # is created on a visit: only adding a product creates one)
    @http.route("/my/cart", type="http", auth="user", website=True, readonly=readonly_unless_own_write)
    def dealer_cart(self, **kw):
        cart = self._dealer_portal_cart_or_404()
        values = self._prepare_portal_layout_values()
        lines = cart._dealer_portal_product_lines() if cart else request.env["sale.order.line"]
        amounts = cart._dealer_portal_amounts() if cart else {}
        # the dealer's own wallets (record rules), the figures of the wallets page
        wallets = request.env["dealer.wallet"].search([
            ("partner_id", "=", request.env.user.partner_id.commercial_partner_id.id),
            ("company_id", "=", request.env.company.id),
        ], order="wallet_type") if cart else request.env["dealer.wallet"]
        values.update({
            "page_name": "dealer_cart",
            "cart": cart,
            "cart_lines": lines,
            "promotion_lines": cart.order_line.filtered("dealer_promotion_id") if cart else lines,
            "moq_labels": cart._dealer_portal_moq_labels() if cart else {},
            "stock": lines.product_id._dealer_portal_stock() if cart else {},
            "stock_display": request.env.company.dealer_portal_stock_display,
            "payments": cart.dealer_payment_ids if cart else [],
            "amounts": amounts,
            "wallets": wallets,
            "wallet_figures": wallets._dealer_portal_figures(),
            "promotion_details": cart._dealer_portal_promotion_details(amounts) if cart else [],
            "line_promotions": cart._dealer_portal_line_promotions() if cart else {},
            "threshold_hints": cart._dealer_portal_threshold_hints() if lines else [],
        })
        if cart:
            first, last = cart._dealer_portal_delivery_date_bounds()
            draft = pop_fapiao_draft()  # what the buyer typed before a refused submission
            values.update({
                "fapiao": draft or cart.partner_id._dealer_portal_fapiao_defaults(),
                "fapiao_open": bool(draft),
                "fapiao_types": FAPIAO_TYPES,
                "delivery_addresses": cart._dealer_portal_delivery_addresses(),
                "delivery_date_min": first.isoformat(),
                "delivery_date_max": last.isoformat(),
            })
        return request.render("dealer_portal.portal_dealer_cart", values)

    @http.route("/my/cart/add", type="http", auth="user", methods=["POST"], website=True)
    def dealer_cart_add(self, product_id=None, qty=None, redirect=None, **kw):
        qty = _qty(qty) if qty not in (None, "") else 0.0
        product_id = parse_id(product_id)
        if not product_id:
            raise NotFound()
        self._dealer_portal_cart_or_404()
        target = redirect if isinstance(redirect, str) and redirect.startswith("/my/") else "/my/catalog"
        if qty is None:
            flash("danger", _not_a_number())
            return request.redirect(target)

        def add():
            cart = request.env["sale.order"]._dealer_portal_cart(create=True)
            # a product id the dealer may not order is refused by the cart itself
            product = request.env["product.product"].sudo().browse(product_id).exists()
            if not product:
                raise MissingError(request.env._("This product does not exist any more."))
            return product, cart._dealer_portal_add_products({product: qty})

        result, error = self._dealer_portal_run(add)
        if not error:
            product, hints = result
            flash("success", request.env._("%(product)s added to your cart.", product=product.display_name))
            self._dealer_portal_flash_hints(hints)
        return request.redirect(target)

    @http.route("/my/cart/add-usual", type="http", auth="user", methods=["POST"], website=True)
    def dealer_cart_add_usual(self, **kw):
        """Put the dealer's usual products in the cart, each at its usual quantity (what the
        catalog's usual tab shows; the cart snaps them to the MOQ and multiples)."""
        dealer = self._dealer_portal_require_dealer()

        def add():
            usual = request.env["product.product"]._dealer_portal_usual(dealer)
            # sudo: the dealer's own usual products, the cart refuses any outside its catalog
            products = request.env["product.product"].sudo().browse(list(usual))
            orderable = dealer.sudo()._dealer_allowed_products(products)
            if not orderable:
                raise UserError(request.env._("You have no usual products yet: they are those of your orders "
                                              "of the last %(days)s days.", days=USUAL_DAYS))
            cart = request.env["sale.order"]._dealer_portal_cart(create=True)
            quantities = {product: usual[product.id]["usual_qty"] for product in products if product in orderable}
            return len(quantities), cart._dealer_portal_add_products(quantities)

        result, error = self._dealer_portal_run(add)
        if not error:
            count, hints = result
            flash("success", request.env._("%(count)s usual products added to your cart.", count=count))
            self._dealer_portal_flash_hints(hints)
        return request.redirect("/my/cart" if not error else "/my/catalog?tab=usual")

    @http.route("/my/cart/update", type="http", auth="user", methods=["POST"], website=True)
    def dealer_cart_update(self, line_id=None, qty=None, **kw):
        cart = self._dealer_portal_cart_or_404()
        if not cart:
            return request.redirect("/my/cart")
        qty = _qty(qty)
        if qty is None:  # an empty field removes nothing: 0 does
            flash("danger", _not_a_number())
            return request.redirect("/my/cart")
        line = request.env["sale.order.line"].sudo().browse(parse_id(line_id) or [])
        result, _error = self._dealer_portal_run(lambda: cart._dealer_portal_set_quantity(line, qty))
        self._dealer_portal_flash_hints(result)
        return request.redirect("/my/cart")

    @http.route("/my/cart/promotions", type="http", auth="user", methods=["POST"], website=True)
    def dealer_cart_promotions(self, **kw):
        cart = self._dealer_portal_cart_or_404()
        if cart:
            _result, error = self._dealer_portal_run(lambda: (cart._dealer_portal_check_cart(),
                                                              cart.action_apply_promotions()))
            if not error:
                # the real change of the total (free goods are shown as such, not as a discount)
                flash("info", request.env._("Promotions applied: %(amount)s off.",
                                            amount=cart.currency_id.format(-cart._dealer_portal_amounts()["discount"])))
        return request.redirect("/my/cart")

    @http.route("/my/cart/payment", type="http", auth="user", methods=["POST"], website=True)
    def dealer_cart_payment(self, **kw):
        """Split the payment of the cart over the dealer's wallets (company policy)."""
        cart = self._dealer_portal_cart_or_404()
        if cart:
            def split():
                cart._dealer_portal_check_cart()
                cart.action_apply_promotions()
                return cart.action_wallet_autosplit()

            result, error = self._dealer_portal_run(split)
            if not error and isinstance(result, dict):
                flash("warning", result.get("params", {}).get("message", ""))
        return request.redirect("/my/cart")

    @http.route("/my/cart/submit", type="http", auth="user", methods=["POST"], website=True)
    def dealer_cart_submit(self, client_order_ref=None, note=None, shipping_id=None, delivery_date=None, **kw):
        cart = self._dealer_portal_cart_or_404()
        if not cart:
            return request.redirect("/my/cart")
        try:
            delivery_date = parse_date(delivery_date)
        except ValueError:
            flash("danger", request.env._("Write the delivery date as YYYY-MM-DD, for example 2026-03-31."))
            return request.redirect("/my/cart")
        shipping = parse_id(shipping_id) if shipping_id not in (None, "") else None
        if shipping_id not in (None, "") and not shipping:
            flash("danger", request.env._("This delivery address is not one of yours: choose one of the list."))
            return request.redirect("/my/cart")
        fapiao = posted_fapiao(kw)

        def submit():
            if fapiao and kw.get("fapiao_save_default"):  # the buyer keeps them for its next orders
                request.env.user.partner_id._dealer_portal_save_fapiao(fapiao)
            return cart._dealer_portal_submit(client_order_ref, note, shipping_id=shipping,
                                              delivery_date=delivery_date, fapiao=fapiao)

        order, error = self._dealer_portal_run(submit)
        if error:
            if fapiao:
                keep_fapiao_draft(fapiao)
            return request.redirect("/my/cart")
        state = order.dealer_review_state
        if state == "approved":
            flash("success", request.env._("Order %(order)s is approved and confirmed.", order=order.name))
        elif state == "held":
            flash("warning", request.env._("Order %(order)s is waiting for review: %(reasons)s",
                                           order=order.name, reasons=order.dealer_review_message or ""))
        else:
            flash("danger", request.env._("Order %(order)s was rejected: %(reasons)s",
                                          order=order.name, reasons=order.dealer_review_message or ""))
        return request.redirect(f"/my/orders/{order.id}")

    @http.route("/my/orders/<int:order_id>/reorder", type="http", auth="user", methods=["POST"], website=True)
    def dealer_reorder(self, order_id, access_token=None, **kw):
        self._dealer_portal_require_dealer()
        try:
            order = self._document_check_access("sale.order", order_id, access_token=access_token)
        except (AccessError, MissingError):
            raise NotFound() from None
        if order.partner_id.commercial_partner_id != request.env.user.partner_id.commercial_partner_id:
            raise NotFound()

        def reorder():
            cart = request.env["sale.order"]._dealer_portal_cart(create=True)
            return order._dealer_portal_reorder(cart)

        result, error = self._dealer_portal_run(reorder)
        if not error:
            skipped, hints = result
            flash("success", request.env._("The products of %(order)s are in your cart.", order=order.name))
            if skipped:
                flash("warning", request.env._("No longer in your catalog, not added: %(products)s",
                                               products=", ".join(skipped.mapped("display_name"))))
            self._dealer_portal_flash_hints(hints)
        return request.redirect("/my/cart")
