from datetime import datetime, time, timedelta

import pytz
from werkzeug.exceptions import NotFound

from odoo import fields, http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request

from odoo.addons.dealer_base.tools import parse_date
from odoo.addons.portal.controllers.portal import pager as portal_pager

from .portal import DealerCustomerPortal, flash, parse_page

MAX_SEARCH_LENGTH = 64  # an order number or a product name, not a text


class DealerOrderPortal(DealerCustomerPortal):
    """The dealer order page: sale's ``/my/orders/<id>`` shows dealer orders on a page of
    their own (status in the dealer's words, review reasons, timeline, wallet payments,
    deliveries, invoices, chatter); other customers' orders keep sale's quotation page."""

    # ------------------------------------------------------------------
    # The orders list (sale's /my/orders) for dealers: status filters in the dealer's words,
    # order flow, date range, search by order number or product
    # ------------------------------------------------------------------
    def _dealer_orders_filters(self):
        """``{filterby: {"label", "domain"}}``: the statuses of the dealer order page as filters."""
        _ = request.env._
        return {
            "all": {"label": _("All"), "domain": []},
            "held": {"label": _("Awaiting review"),
                     "domain": [("state", "in", ("draft", "sent")), ("dealer_review_state", "=", "held")]},
            "rejected": {"label": _("Rejected"),
                         "domain": [("state", "in", ("draft", "sent")), ("dealer_review_state", "=", "rejected")]},
            "approved": {"label": _("Approved"), "domain": [("state", "=", "sale"),
                                                             ("dealer_review_state", "=", "approved")]},
            "to_deliver": {"label": _("Confirmed, to deliver"),
                           "domain": [("state", "=", "sale"), ("delivery_status", "!=", "full")]},
            "delivered": {"label": _("Delivered"),
                          "domain": [("state", "=", "sale"), ("delivery_status", "=", "full")]},
            "to_invoice": {"label": _("To invoice"),
                           "domain": [("state", "=", "sale"), ("invoice_status", "=", "to invoice")]},
            "cancelled": {"label": _("Cancelled"), "domain": [("state", "=", "cancel")]},
        }

    def _dealer_orders_sortings(self):
        _ = request.env._
        return {
            "date": {"label": _("Newest"), "order": "date_order desc, id desc"},
            "date_asc": {"label": _("Oldest"), "order": "date_order asc, id asc"},
            "name": {"label": _("Order number"), "order": "name desc, id desc"},
            "amount": {"label": _("Total"), "order": "amount_total desc, id desc"},
        }

    def _dealer_orders_search_inputs(self):
        _ = request.env._
        return {
            "all": {"input": "all", "label": _("Search in order number and products")},
            "name": {"input": "name", "label": _("Search in order number")},
            "product": {"input": "product", "label": _("Search in products")},
        }

    def _dealer_orders_search_domain(self, search_in, search):
        """Orders whose number / reference (``name``), product (``product``) or either (``all``)
        contains ``search``."""
        by_name = ["|", ("name", "ilike", search), ("client_order_ref", "ilike", search)]
        # sudo: portal users cannot read products; only the ids of the products matching the
        # dealer's text are taken, the orders themselves are searched under the record rules
        products = request.env["product.product"].sudo().with_context(active_test=False)._search(
            ["|", "|", ("name", "ilike", search), ("default_code", "ilike", search), ("barcode", "=", search)])
        by_product = [("order_line.product_id", "in", products)]
        if search_in == "name":
            return by_name
        if search_in == "product":
            return by_product
        return ["|", *by_name, *by_product]

    def _dealer_orders_day_start(self, day):
        """The UTC datetime at which ``day`` begins for the portal user (its time zone)."""
        tz = pytz.timezone(request.env.user.tz or request.env.company.partner_id.tz or "UTC")
        return tz.localize(datetime.combine(day, time.min)).astimezone(pytz.utc).replace(tzinfo=None)

    def _prepare_dealer_orders_values(self, page=1, sortby=None, filterby=None, flow=None, search_in=None,
                                      search=None, date_from=None, date_to=None, **kwargs):
        """Values of ``/my/orders`` for a dealer (sale's values, filtered)."""
        _ = request.env._
        SaleOrder = request.env["sale.order"]
        partner = request.env.user.partner_id
        values = self._prepare_portal_layout_values()
        filters = self._dealer_orders_filters()
        sortings = self._dealer_orders_sortings()
        inputs = self._dealer_orders_search_inputs()
        flows = dict(SaleOrder._fields["dealer_flow"]._description_selection(request.env))
        filterby = filterby if filterby in filters else "all"
        sortby = sortby if sortby in sortings else "date"
        search_in = search_in if search_in in inputs else "all"
        flow = flow if flow in flows else None
        search = (search or "").strip()[:MAX_SEARCH_LENGTH]
        try:
            day_from, day_to = parse_date(date_from), parse_date(date_to)
        except ValueError:
            values["dealer_portal_flash"].append(
                {"kind": "warning", "text": _("Write the dates as YYYY-MM-DD, for example 2026-03-31.")})
            day_from = day_to = None
        if day_from and day_to and day_from > day_to:
            day_from, day_to = day_to, day_from
        domain = [*self._prepare_orders_domain(partner), *filters[filterby]["domain"]]
        if flow:
            domain.append(("dealer_flow", "=", flow))
        if search:
            domain += self._dealer_orders_search_domain(search_in, search)
        if day_from:
            domain.append(("date_order", ">=", self._dealer_orders_day_start(day_from)))
        if day_to:
            domain.append(("date_order", "<", self._dealer_orders_day_start(day_to + timedelta(days=1))))
        url_args = {key: value for key, value in {
            "sortby": sortby, "filterby": filterby, "flow": flow, "search_in": search_in if search else None,
            "search": search, "date_from": day_from and fields.Date.to_string(day_from),
            "date_to": day_to and fields.Date.to_string(day_to),
        }.items() if value}
        pager_values = portal_pager(url="/my/orders", total=SaleOrder.search_count(domain), page=parse_page(page),
                                    step=self._items_per_page, url_args=url_args)
        orders = SaleOrder.search(domain, order=sortings[sortby]["order"], limit=self._items_per_page,
                                  offset=pager_values["offset"])
        values.update({
            "quotations": SaleOrder,
            "orders": orders.sudo(),
            "page_name": "order",
            "pager": pager_values,
            "default_url": "/my/orders",
            "sortby": sortby,
            "searchbar_sortings": sortings,
            "filterby": filterby,
            "searchbar_filters": filters,
            "search_in": search_in,
            "search": search,
            "searchbar_inputs": inputs,
            "dealer_orders_flow": flow,
            "dealer_orders_flows": flows,
            "dealer_orders_date_from": url_args.get("date_from", ""),
            "dealer_orders_date_to": url_args.get("date_to", ""),
            "dealer_orders_args": url_args,
            "dealer_orders_filtered": bool(flow or search or day_from or day_to or filterby != "all"),
        })
        return values

    @http.route()
    def portal_my_orders(self, **kwargs):
        if not self._dealer_portal_dealer():  # other customers keep sale's list as it is
            return super().portal_my_orders(**kwargs)
        values = self._prepare_dealer_orders_values(**kwargs)
        request.session["my_orders_history"] = values["orders"].ids[:100]
        return request.render("sale.portal_my_orders", values)

    # read/write, as sale declares it: the page writes the order's portal access token when it
    # has none, and it is where the cart submit lands, so it must read the primary: a lagging
    # replica would not show the order just submitted (read-your-writes)
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
        amounts = order_sudo._dealer_portal_amounts()
        return {
            "page_name": "dealer_order",
            "sale_order": order_sudo,
            "dealer_status": status,
            "dealer_status_label": status_label,
            "dealer_status_class": status_class,
            "held_reasons": order_sudo._dealer_portal_held_reasons(),
            "timeline": order_sudo._dealer_portal_timeline(),
            "order_lines": order_sudo._dealer_portal_product_lines(),
            "amounts": amounts,
            "promotion_details": order_sudo._dealer_portal_promotion_details(amounts),
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
