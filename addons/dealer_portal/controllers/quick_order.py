import re


from odoo import http
from odoo.http import request

from .portal import DealerCustomerPortal, flash

TEMPLATE_CSV = "商品编码,数量\n"


class DealerQuickOrderPortal(DealerCustomerPortal):

    @http.route("/my/quick-order", type="http", auth="user", methods=["GET"], website=True)
    def dealer_quick_order(self, **kw):
        self._dealer_portal_require_dealer()
        values = self._prepare_portal_layout_values()
        values.update({"page_name": "dealer_quick_order", "row_errors": [], "pasted": ""})
        return request.render("dealer_portal.portal_dealer_quick_order", values)

    @http.route("/my/quick-order/template.csv", type="http", auth="user", methods=["GET"], website=True)
    def dealer_quick_order_template(self, **kw):
        content = ("\ufeff" + TEMPLATE_CSV).encode("utf-8")
        return request.make_response(content, headers=[
            ("Content-Type", "text/csv; charset=utf-8"),
            ("Content-Disposition", http.content_disposition("quick-order.csv")),
        ])

    @http.route("/my/quick-order", type="http", auth="user", methods=["POST"], website=True)
    def dealer_quick_order_upload(self, upload=None, pasted=None, **kw):
        self._dealer_portal_require_dealer()
        SaleOrder = request.env["sale.order"]

        def run():
            if upload and getattr(upload, "filename", None):
                rows = SaleOrder._dealer_portal_parse_quick_order(upload.read(), upload.filename)
            else:
                # one product per line: code and quantity separated by spaces, tabs or a comma
                cells = [re.split(r"[\s,;]+", line.strip()) for line in (pasted or "").splitlines()]
                rows = SaleOrder._dealer_portal_quick_order_rows(
                    [["code", "qty"]] + [[cell[0], cell[-1] if len(cell) > 1 else ""] for cell in cells if cell[0]])
            cart = SaleOrder._dealer_portal_cart(create=True)
            errors, hints = cart._dealer_portal_quick_order(rows)
            if errors:
                # nothing of the file is added: undo the cart if it was created for it
                raise QuickOrderRefused(errors)
            return len(rows), hints

        try:
            result, error = self._dealer_portal_run(run)
        except QuickOrderRefused as refused:
            values = self._prepare_portal_layout_values()
            values.update({"page_name": "dealer_quick_order", "row_errors": refused.errors,
                           "pasted": pasted or ""})
            return request.render("dealer_portal.portal_dealer_quick_order", values)
        if error:
            return request.redirect("/my/quick-order")
        count, hints = result
        flash("success", request.env._("%(count)s rows added to your cart.", count=count))
        for hint in hints:
            flash("warning", hint)
        return request.redirect("/my/cart")


class QuickOrderRefused(Exception):
    """The rows of a quick order have errors: nothing was added (the savepoint is rolled back)."""

    def __init__(self, errors):
        super().__init__(errors)
        self.errors = errors

