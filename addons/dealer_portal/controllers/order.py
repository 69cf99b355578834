from werkzeug.exceptions import NotFound

from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request

from .portal import DealerCustomerPortal, flash


class DealerOrderPortal(DealerCustomerPortal):
    """The dealer order page: sale's ``/my/orders/<id>`` shows dealer orders on a page of
    their own (status in the dealer's words, review reasons, timeline, wallet payments,
    deliveries, invoices, chatter); other customers' orders keep sale's quotation page."""

    @http.route()
    def portal_order_page(self, order_id, report_type=None, access_token=None, message=False, download=False,
                          downpayment=None, **kw):
        if report_type:
            return super().portal_order_page(order_id, report_type=report_type, access_token=access_token,
                                             message=message, download=download, downpayment=downpayment, **kw)
        try:
            order_sudo = self._document_check_access("sale.order", order_id, access_token=access_token)
        except (AccessError, MissingError):
            return request.redirect("/my")
        if not order_sudo.dealer_id:
            return super().portal_order_page(order_id, report_type=report_type, access_token=access_token,
                                             message=message, download=download, downpayment=downpayment, **kw)
        values = self._prepare_portal_layout_values()
        values.update(self._prepare_dealer_order_values(order_sudo))
        history = "my_quotations_history" if order_sudo.state in ("draft", "sent", "cancel") else "my_orders_history"
        values = self._get_page_view_values(order_sudo, access_token, values, history, False)
        return request.render("dealer_portal.portal_dealer_order_page", values)

    def _prepare_dealer_order_values(self, order_sudo):
        """What the dealer order page shows of ``order_sudo`` (access already checked)."""
        status, status_label, status_class = order_sudo._dealer_portal_status()
        own = order_sudo.partner_id.commercial_partner_id == request.env.user.partner_id.commercial_partner_id
        return {
            "page_name": "dealer_order",
            "sale_order": order_sudo,
            "dealer_status": status,
            "dealer_status_label": status_label,
            "dealer_status_class": status_class,
            "held_reasons": order_sudo._dealer_portal_held_reasons(),
            "timeline": order_sudo._dealer_portal_timeline(),
            "order_lines": order_sudo._dealer_portal_product_lines(),
            "amounts": order_sudo._dealer_portal_amounts(),
            "deliveries": order_sudo._dealer_portal_deliveries(),
            "invoices": order_sudo._dealer_portal_invoices(),
            "payments": order_sudo.dealer_payment_ids,
            "amount_due": order_sudo._dealer_portal_amount_due(),
            "can_pay_online": order_sudo._dealer_portal_can_pay_online(),
            "is_own_order": own and bool(self._dealer_portal_dealer()),
            "res_company": order_sudo.company_id,
        }

    @http.route("/my/orders/<int:order_id>/cancel", type="http", auth="user", methods=["POST"], website=True)
    def dealer_order_cancel(self, order_id, reason=None, to_cart=None, **kw):
        """Cancel a held order of the dealer's own; ``to_cart`` puts its products back in the cart."""
        self._dealer_portal_require_dealer()
        order = request.env["sale.order"].browse(order_id).exists()
        try:
            order.check_access("read")
            order._dealer_portal_check_own()
        except (AccessError, MissingError):
            raise NotFound() from None
        if not order:
            raise NotFound()

        def cancel():
            cancelled = order._dealer_portal_cancel(reason)
            if to_cart:
                cart = request.env["sale.order"]._dealer_portal_cart(create=True)
                return cancelled._dealer_portal_reorder(cart)
            return None

        result, error = self._dealer_portal_run(cancel)
        if error:
            return request.redirect(f"/my/orders/{order.id}")
        flash("success", request.env._("Order %(order)s is cancelled.", order=order.sudo().name))
        if to_cart:
            skipped, hints = result
            if skipped:
                flash("warning", request.env._("No longer in your catalog, not added: %(products)s",
                                               products=", ".join(skipped.mapped("display_name"))))
            for hint in hints or []:
                flash("warning", hint)
            return request.redirect("/my/cart")
        return request.redirect(f"/my/orders/{order.id}")
