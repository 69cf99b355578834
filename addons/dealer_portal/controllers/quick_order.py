from odoo import http
from odoo.http import request

from ..models.sale_order import QUICK_ORDER_MAX_BYTES
from .portal import DealerCustomerPortal, flash

TEMPLATE_CSV = "商品编码,数量\n"
# the whole request (file, pasted text, form fields): beyond it the server refuses the body
# (413) without reading it; below it, a file above QUICK_ORDER_MAX_BYTES is refused with a message
QUICK_ORDER_MAX_REQUEST = 4 * QUICK_ORDER_MAX_BYTES


class DealerQuickOrderPortal(DealerCustomerPortal):

    @http.route("/my/quick-order", type="http", auth="user", methods=["GET"], website=True, readonly=True)
    def dealer_quick_order(self, **kw):
        self._dealer_portal_require_dealer()
        values = self._prepare_portal_layout_values()
        values.update({"page_name": "dealer_quick_order", "row_errors": [], "pasted": ""})
        return request.render("dealer_portal.portal_dealer_quick_order", values)

    @http.route("/my/quick-order/template.csv", type="http", auth="user", methods=["GET"], website=True,
                readonly=True)
    def dealer_quick_order_template(self, **kw):
        content = ("\ufeff" + TEMPLATE_CSV).encode("utf-8")
        return request.make_response(content, headers=[
            ("Content-Type", "text/csv; charset=utf-8"),
            ("Content-Disposition", http.content_disposition("quick-order.csv")),
        ])

    @http.route("/my/quick-order", type="http", auth="user", methods=["POST"], website=True,
                max_content_length=QUICK_ORDER_MAX_REQUEST)
    def dealer_quick_order_upload(self, upload=None, pasted=None, **kw):
        self._dealer_portal_require_dealer()
        SaleOrder = request.env["sale.order"]

        def run():
            if upload and getattr(upload, "filename", None):
                # the upload waits in a temporary file: never more than the limit (+1 byte, to
                # tell that it is above) comes into memory
                content = upload.read(QUICK_ORDER_MAX_BYTES + 1)
                rows = SaleOrder._dealer_portal_parse_quick_order(content, upload.filename)
            else:
                rows = SaleOrder._dealer_portal_parse_quick_order_text(pasted)
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

