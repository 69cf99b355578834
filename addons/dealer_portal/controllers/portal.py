from werkzeug.exceptions import NotFound

from odoo.exceptions import AccessError, MissingError, UserError
from odoo import http
from odoo.http import request

from odoo.addons.dealer_base.tools import format_qty, parse_id, parse_page  # noqa: F401 (used by the routes)
from odoo.addons.sale.controllers.portal import CustomerPortal

FLASH_KEY = "dealer_portal_flash"


def flash(kind, text):
    """Show ``text`` once on the next portal page (``kind``: success, warning, danger, info)."""
    messages = request.session.get(FLASH_KEY) or []
    messages.append({"kind": kind, "text": text})
    request.session[FLASH_KEY] = messages


def flash_error(error):
    """Show a UserError / AccessError raised by a portal action instead of an error page."""
    flash("danger", error.args[0] if error.args else str(error))


class DealerCustomerPortal(CustomerPortal):
    """Home page entries of the dealer portal, the flash messages of its pages and the
    dealer orders that sale's portal lists do not show (submitted, awaiting review)."""

    def _dealer_portal_dealer(self):
        """The dealer of the current portal user, or None."""
        dealer = request.env.user.partner_id.commercial_partner_id
        return dealer if dealer.is_dealer and dealer.dealer_state == "active" else None

    def _dealer_portal_require_dealer(self):
        """The dealer of the current portal user; 404 for anybody else."""
        dealer = self._dealer_portal_dealer()
        if not dealer:
            raise NotFound()
        return dealer

    def _dealer_portal_record(self, model, record_id):
        """A record of ``model`` the current user may read (record rules decide), or 404."""
        try:
            record = request.env[model].browse(record_id).exists()
            record.check_access("read")
        except (AccessError, MissingError):
            raise NotFound() from None
        if not record:
            raise NotFound()
        return record

    def _prepare_portal_layout_values(self):
        values = super()._prepare_portal_layout_values()
        values["dealer_portal_flash"] = request.session.pop(FLASH_KEY, None) or []
        values["dealer_portal_dealer"] = self._dealer_portal_dealer()
        values["dealer_format_qty"] = format_qty
        return values

    def _get_page_view_values(self, document, access_token, values, session_history, no_breadcrumbs, **kwargs):
        # document pages (e.g. the order a cart became) show the messages of the last action
        if "dealer_portal_flash" not in values:  # not taken by the layout values already
            values["dealer_portal_flash"] = request.session.pop(FLASH_KEY, None) or []
        return super()._get_page_view_values(document, access_token, values, session_history, no_breadcrumbs,
                                             **kwargs)

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        dealer = self._dealer_portal_dealer()
        if "dealer_cart_count" in counters:
            cart = request.env["sale.order"]._dealer_portal_cart() if dealer else None
            values["dealer_cart_count"] = len(cart._dealer_portal_product_lines()) if cart else 0
        if "dealer_presale_count" in counters:
            values["dealer_presale_count"] = request.env["sale.order"].search_count(
                [("partner_id", "child_of", dealer.id), ("deposit_state", "!=", False)]) if dealer else 0
        if "dealer_downline_count" in counters:
            # sudo: counting the dealers of the user's own downline (portal users cannot read them)
            values["dealer_downline_count"] = request.env["res.partner"].sudo().search_count(
                dealer._dealer_portal_downline_domain()) if dealer else 0
        if "dealer_wallet_count" in counters:
            values["dealer_wallet_count"] = request.env["dealer.wallet"].search_count(
                [("partner_id", "=", dealer.id)]) if dealer else 0
        return values

    @http.route()
    def home(self, **kw):
        """The dealer's home page shows the brand's notices addressed to it above the tiles."""
        response = super().home(**kw)
        if self._dealer_portal_dealer() and getattr(response, "qcontext", None) is not None:
            response.qcontext["dealer_notices"] = request.env["dealer.notice"]._dealer_portal_notices()
        return response

    def _prepare_orders_domain(self, partner):
        """Dealer orders awaiting or refused by the review are orders to the dealer too, and so
        are the submitted ones that were cancelled (the dealer looks them up in its list)."""
        domain = super()._prepare_orders_domain(partner)
        return [
            ("message_partner_ids", "child_of", [partner.commercial_partner_id.id]),
            "|", *[term for term in domain if term[0] == "state"],
            "&", ("state", "in", ("draft", "cancel")), ("dealer_submit_date", "!=", False),
        ]

    def _dealer_portal_run(self, action):
        """Run a portal action; a UserError / AccessError becomes a message on the next page."""
        try:
            with request.env.cr.savepoint():  # nothing half-written when the action is refused
                return action(), None
        except (UserError, AccessError) as error:
            flash_error(error)
            return None, error
