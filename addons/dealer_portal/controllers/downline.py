from werkzeug.exceptions import NotFound

from odoo import http
from odoo.exceptions import AccessError
from odoo.http import request

from odoo.addons.portal.controllers.portal import pager as portal_pager

from .portal import DealerCustomerPortal, parse_page

DOWNLINE_PAGE_SIZE = 50


class DealerDownlinePortal(DealerCustomerPortal):
    """The downline overview of a dealer that has dealers below it (upline view only:
    no wallets, no prices of the downline)."""

    @http.route(["/my/downline", "/my/downline/page/<int:page>"], type="http", auth="user", website=True,
                readonly=True)
    def dealer_downline(self, page=1, search=None, **kw):
        dealer = self._dealer_portal_require_dealer()
        page = parse_page(page)
        data = dealer._dealer_portal_downline(search=search, offset=(page - 1) * DOWNLINE_PAGE_SIZE,
                                              limit=DOWNLINE_PAGE_SIZE)
        pager = portal_pager(url="/my/downline", url_args={"search": search} if search else {}, total=data["total"],
                             page=page, step=DOWNLINE_PAGE_SIZE)
        values = self._prepare_portal_layout_values()
        values.update({
            "page_name": "dealer_downline", "downline": data, "pager": pager, "search": search or "",
            "currency": request.env.company.currency_id, "dealer": dealer,
            # record rules: a dealer reads the store applications naming it as upline
            "applications": request.env["dealer.store.application"].search(
                [("state", "=", "new")], order="create_date desc", limit=20),
            "invite_url": f"{request.httprequest.host_url.rstrip('/')}/dealer/apply?upline={dealer.dealer_code}"
            if dealer.dealer_code else False,
        })
        return request.render("dealer_portal.portal_dealer_downline", values)

    @http.route("/my/downline/<int:partner_id>", type="http", auth="user", website=True, readonly=True)
    def dealer_downline_partner(self, partner_id, **kw):
        dealer = self._dealer_portal_require_dealer()
        try:
            partner = dealer._dealer_portal_downline_partner(partner_id)
        except AccessError:
            raise NotFound() from None
        # sudo: the partner is in the user's downline (checked above); its recent orders
        # are shown as a summary (number, date, amount, status), nothing else
        orders = request.env["sale.order"].sudo().search(
            [("partner_id", "child_of", partner.id), ("state", "=", "sale"),
             ("company_id", "=", request.env.company.id)], order="date_order desc", limit=10)
        values = self._prepare_portal_layout_values()
        values.update({"page_name": "dealer_downline_partner", "partner": partner, "orders": orders})
        return request.render("dealer_portal.portal_dealer_downline_partner", values)
