from werkzeug.exceptions import NotFound

from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request

from odoo.addons.dealer_base.tools import parse_quantity

from .portal import DealerCustomerPortal, flash, parse_id


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

    @http.route("/my/cart", type="http", auth="user", website=True)
    def dealer_cart(self, **kw):
        cart = self._dealer_portal_cart_or_404()
        values = self._prepare_portal_layout_values()
        lines = cart._dealer_portal_product_lines() if cart else request.env["sale.order.line"]
        values.update({
            "page_name": "dealer_cart",
            "cart": cart,
            "cart_lines": lines,
            "promotion_lines": cart.order_line.filtered("dealer_promotion_id") if cart else lines,
            "moq_labels": cart._dealer_portal_moq_labels() if cart else {},
            "stock": lines.product_id._dealer_portal_stock() if cart else {},
            "stock_display": request.env.company.dealer_portal_stock_display,
            "payments": cart.dealer_payment_ids if cart else [],
            "amounts": cart._dealer_portal_amounts() if cart else {},
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
    def dealer_cart_submit(self, client_order_ref=None, note=None, **kw):
        cart = self._dealer_portal_cart_or_404()
        if not cart:
            return request.redirect("/my/cart")
        order, error = self._dealer_portal_run(lambda: cart._dealer_portal_submit(client_order_ref, note))
        if error:
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
