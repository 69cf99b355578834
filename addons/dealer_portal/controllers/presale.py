from werkzeug.exceptions import NotFound

from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request

from .portal import DealerCustomerPortal, flash


class DealerPresalePortal(DealerCustomerPortal):
    """Deposit orders (presale, and the orders of other deposit flows such as
    crowdfunding): what is paid, what is due, pay the balance from the wallets."""

    # read/write: the links to the orders carry their portal access token, which Odoo writes
    # the first time it is asked for (get_portal_url), on a read
    @http.route("/my/presale", type="http", auth="user", website=True)
    def dealer_presale(self, **kw):
        dealer = self._dealer_portal_require_dealer()
        values = self._prepare_portal_layout_values()
        values.update({
            "page_name": "dealer_presale",
            "orders": request.env["sale.order"].search([
                ("partner_id", "child_of", dealer.id), ("deposit_state", "!=", False),
            ], order="deposit_balance_due_date, id desc", limit=100),
        })
        return request.render("dealer_portal.portal_dealer_presale", values)

    @http.route("/my/orders/<int:order_id>/pay-balance", type="http", auth="user", methods=["POST"], website=True)
    def dealer_pay_balance(self, order_id, **kw):
        self._dealer_portal_require_dealer()
        try:
            order = self._document_check_access("sale.order", order_id)
        except (AccessError, MissingError):
            raise NotFound() from None
        # the balance payment checks the order is the user's dealer's own, then runs as superuser
        _result, error = self._dealer_portal_run(order.sudo(False).action_deposit_pay_balance)
        if not error:
            flash("success", request.env._("The balance of %(order)s is paid from your wallets.", order=order.name))
        return request.redirect("/my/presale")
