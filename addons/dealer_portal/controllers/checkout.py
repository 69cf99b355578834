from odoo import http
from odoo.http import request

from odoo.addons.dealer_order.models.dealer_fapiao_mixin import FAPIAO_FIELDS, FAPIAO_MAX_LENGTHS, FAPIAO_TYPES

from ..models.res_partner_delivery import ADDRESS_MAX_LENGTHS
from .portal import DealerCustomerPortal, flash
from .replica import readonly_unless_own_write

FAPIAO_DRAFT_KEY = "dealer_portal_fapiao_draft"
# where the forms go back to after a new delivery address (never an address from outside)
ADDRESS_REDIRECTS = ("/my/cart", "/my/delivery-addresses")


def posted_fapiao(kw):
    """The invoice details posted by a form (field name → text), or None when it has none."""
    if "dealer_fapiao_type" not in kw:
        return None
    return {name: kw.get(name) if isinstance(kw.get(name), str) else "" for name in FAPIAO_FIELDS}


def keep_fapiao_draft(values):
    """Keep what the buyer typed for the next page (bounded: the session is no store)."""
    request.session[FAPIAO_DRAFT_KEY] = {
        name: (values.get(name) or "")[:FAPIAO_MAX_LENGTHS.get(name, 20) + 1] for name in FAPIAO_FIELDS
    }


def pop_fapiao_draft():
    return request.session.pop(FAPIAO_DRAFT_KEY, None)


class DealerCheckoutPortal(DealerCustomerPortal):
    """The dealer's invoice details (its defaults for every order) and its delivery addresses."""

    def _dealer_fapiao_page_values(self, dealer, fapiao=None, **extra):
        values = self._prepare_portal_layout_values()
        values.update({
            "page_name": "dealer_invoice_details",
            "fapiao": fapiao or dealer._dealer_portal_fapiao_defaults(),
            "fapiao_types": FAPIAO_TYPES,
            "fapiao_max": FAPIAO_MAX_LENGTHS,
            **extra,
        })
        return values

    @http.route("/my/invoice-details", type="http", auth="user", methods=["GET"], website=True,
                readonly=readonly_unless_own_write)
    def dealer_invoice_details(self, **kw):
        dealer = self._dealer_portal_require_dealer()
        return request.render("dealer_portal.portal_dealer_invoice_details", self._dealer_fapiao_page_values(dealer))

    @http.route("/my/invoice-details", type="http", auth="user", methods=["POST"], website=True)
    def dealer_invoice_details_save(self, **kw):
        dealer = self._dealer_portal_require_dealer()
        fapiao = posted_fapiao(kw) or {}
        _result, error = self._dealer_portal_run(lambda: request.env.user.partner_id._dealer_portal_save_fapiao(fapiao))
        if error:
            # the form again with what was typed, and why it was refused
            values = self._dealer_fapiao_page_values(dealer, fapiao={
                name: (fapiao.get(name) or "")[:FAPIAO_MAX_LENGTHS.get(name, 20) + 1] for name in FAPIAO_FIELDS})
            return request.render("dealer_portal.portal_dealer_invoice_details", values)
        flash("success", request.env._("Your invoice details are saved: your next orders use them."))
        return request.redirect("/my/invoice-details")

    # ------------------------------------------------------------------
    # Delivery addresses
    # ------------------------------------------------------------------
    def _dealer_address_page_values(self, address=None, redirect=None):
        values = self._prepare_portal_layout_values()
        values.update({
            "page_name": "dealer_delivery_address_new",
            "address": address or {},
            "address_max": ADDRESS_MAX_LENGTHS,
            "states": request.env["res.partner"]._dealer_portal_address_states(),
            "redirect": redirect if redirect in ADDRESS_REDIRECTS else "/my/delivery-addresses",
        })
        return values

    @http.route("/my/delivery-addresses", type="http", auth="user", methods=["GET"], website=True,
                readonly=readonly_unless_own_write)
    def dealer_delivery_addresses(self, **kw):
        self._dealer_portal_require_dealer()
        values = self._prepare_portal_layout_values()
        values.update({
            "page_name": "dealer_delivery_addresses",
            "addresses": request.env["sale.order"]._dealer_portal_delivery_addresses(),
        })
        return request.render("dealer_portal.portal_dealer_delivery_addresses", values)

    @http.route("/my/delivery-addresses/new", type="http", auth="user", methods=["GET"], website=True,
                readonly=True)
    def dealer_delivery_address_new(self, redirect=None, **kw):
        self._dealer_portal_require_dealer()
        return request.render("dealer_portal.portal_dealer_delivery_address_new",
                              self._dealer_address_page_values(redirect=redirect))

    @http.route("/my/delivery-addresses/new", type="http", auth="user", methods=["POST"], website=True)
    def dealer_delivery_address_create(self, redirect=None, **kw):
        """Create a delivery address of the dealer; back at checkout it is the cart's address."""
        self._dealer_portal_require_dealer()
        fields = (*ADDRESS_MAX_LENGTHS, "state_id")
        typed = {name: kw.get(name) if isinstance(kw.get(name), str) else "" for name in fields}
        target = redirect if redirect in ADDRESS_REDIRECTS else "/my/delivery-addresses"

        def create():
            address = request.env.user.partner_id._dealer_portal_create_delivery_address(typed)
            cart = request.env["sale.order"]._dealer_portal_cart() if target == "/my/cart" else None
            if cart:
                cart.write(cart._dealer_portal_delivery_vals(shipping_id=address.id))
            return address

        address, error = self._dealer_portal_run(create)
        if error:
            # the form again with what was typed, and why it was refused (the flash message)
            values = self._dealer_address_page_values(
                address={name: value[:200] for name, value in typed.items()}, redirect=target)
            return request.render("dealer_portal.portal_dealer_delivery_address_new", values)
        flash("success", request.env._("The delivery address %(name)s is added.", name=address.name))
        return request.redirect(target)
