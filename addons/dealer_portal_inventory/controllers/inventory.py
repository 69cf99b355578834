from odoo import fields, http
from odoo.exceptions import UserError
from odoo.http import request

from odoo.addons.dealer_inventory.wizards.dealer_inventory_import import IMPORT_MAX_BYTES, parse_date
from odoo.addons.dealer_portal.controllers.portal import DealerCustomerPortal, flash, parse_id
from odoo.addons.dealer_portal.controllers.replica import readonly_unless_own_write

FORM_ROWS = 8  # product rows of the report form
WARNING_LEVELS = ("expired", "red", "yellow", "blue")


class DealerInventoryPortal(DealerCustomerPortal):
    """Channel inventory on the dealer portal: report sell-out and stock counts (form or file),
    my channel stock, my expiry warnings, my replenishment suggestions.

    What a dealer reads is what the record rules show it (its own rows); reports are created as
    the portal user, for its own dealer only (checked by the import and by the rules).
    """

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        dealer = self._dealer_portal_dealer()
        if "dealer_replenishment_count" in counters:
            values["dealer_replenishment_count"] = request.env["dealer.replenishment"].search_count(
                [("company_id", "=", request.env.company.id)]) if dealer else 0
        if "dealer_expiry_count" in counters:
            values["dealer_expiry_count"] = request.env["dealer.inventory.report.line"].search_count(
                self._dealer_expiry_domain()) if dealer else 0
        return values

    def _dealer_expiry_domain(self):
        return [("state", "=", "done"), ("report_type", "=", "stock"), ("expiry_level", "in", WARNING_LEVELS)]

    def _dealer_inventory_values(self, page_name, **values):
        result = self._prepare_portal_layout_values()
        result.update({"page_name": page_name, **values})
        return result

    # ------------------------------------------------------------------
    # My channel stock
    # ------------------------------------------------------------------
    # a report redirects here: the primary right after it (read-your-writes)
    @http.route("/my/inventory", type="http", auth="user", website=True, readonly=readonly_unless_own_write)
    def dealer_inventory(self, **kw):
        self._dealer_portal_require_dealer()
        rows = request.env["dealer.channel.stock"].search([("company_id", "=", request.env.company.id)])
        reports = request.env["dealer.inventory.report"].search([], limit=10)
        return request.render("dealer_portal_inventory.portal_dealer_inventory", self._dealer_inventory_values(
            # sudo: rendering the dealer's own rows (record rules) with the names of their products
            "dealer_inventory", rows=rows.sudo(), reports=reports.sudo()))

    # ------------------------------------------------------------------
    # Report sell-out or a stock count
    # ------------------------------------------------------------------
    @http.route("/my/inventory/report", type="http", auth="user", methods=["GET"], website=True, readonly=True)
    def dealer_inventory_report(self, **kw):
        dealer = self._dealer_portal_require_dealer()
        today = fields.Date.context_today(request.env.user)
        return request.render("dealer_portal_inventory.portal_dealer_inventory_report", self._dealer_inventory_values(
            "dealer_inventory_report", form={"report_type": "sellout", "date": today.isoformat(),
                                             "date_from": today.replace(day=1).isoformat()},
            form_rows=range(FORM_ROWS), max_bytes=IMPORT_MAX_BYTES,
            reported_partners=self._dealer_reported_partners(dealer)))

    @http.route("/my/inventory/report", type="http", auth="user", methods=["POST"], website=True,
                max_content_length=4 * IMPORT_MAX_BYTES)
    def dealer_inventory_report_post(self, report_type="sellout", date=None, date_from=None, upload=None,
                                     report_partner_id=None, **kw):
        own = self._dealer_portal_require_dealer()
        report_type = report_type if report_type in ("sellout", "stock") else "sellout"
        Import = request.env["dealer.inventory.import"]
        reported_partners = self._dealer_reported_partners(own)

        def run():
            dealer = own
            if report_partner_id:
                dealer = reported_partners.filtered(lambda partner: partner.id == parse_id(report_partner_id))
                if not dealer:
                    raise UserError(request.env._("You can only report for your own company."))
            day, start = parse_date(date), parse_date(date_from)
            if not day:
                raise UserError(request.env._("Give the date of the report."))
            if upload and getattr(upload, "filename", None):
                content = upload.read(IMPORT_MAX_BYTES + 1)
                return Import._dealer_import(content, upload.filename, dealer, report_type, day, start,
                                             source="portal")
            rows = [["code", "qty", "lot", "expiration date"]]
            for index in range(FORM_ROWS):
                code = (kw.get(f"code_{index}") or "").strip()
                qty = (kw.get(f"qty_{index}") or "").strip()
                if code or qty:
                    rows.append([code, qty, (kw.get(f"lot_{index}") or "").strip(),
                                 (kw.get(f"expiration_{index}") or "").strip()])
            if len(rows) == 1:
                raise UserError(request.env._("Enter at least one product and its quantity."))
            return Import._dealer_import_rows(rows, dealer, report_type, day, start, source="portal")

        report, error = self._dealer_portal_run(run)
        if error:
            values = self._dealer_inventory_values(
                "dealer_inventory_report", form_rows=range(FORM_ROWS), max_bytes=IMPORT_MAX_BYTES,
                reported_partners=reported_partners,
                form={"report_type": report_type, "date": date or "", "date_from": date_from or "",
                      "report_partner_id": report_partner_id or "", **kw})
            return request.render("dealer_portal_inventory.portal_dealer_inventory_report", values)
        flash("success", request.env._("Report %(report)s recorded: %(lines)s lines.",
                                       report=report.name, lines=len(report.line_ids)))
        return request.redirect("/my/inventory")

    def _dealer_reported_partners(self, dealer):
        """The dealers the portal user may report for: its own, and its downline if the company
        allows (shown with their names, which a portal user cannot read)."""
        return dealer._dealer_inventory_reported_partners(request.env.company).sudo()

    @http.route("/my/inventory/template.csv", type="http", auth="user", methods=["GET"], website=True,
                readonly=True)
    def dealer_inventory_template(self, **kw):
        content = ("\ufeff商品编码,数量,批次,到期日期,客户编码\n").encode()
        return request.make_response(content, headers=[
            ("Content-Type", "text/csv; charset=utf-8"),
            ("Content-Disposition", http.content_disposition("sell-out.csv")),
        ])

    # ------------------------------------------------------------------
    # Expiry warnings
    # ------------------------------------------------------------------
    @http.route("/my/inventory/expiry", type="http", auth="user", website=True,
                readonly=readonly_unless_own_write)
    def dealer_inventory_expiry(self, **kw):
        self._dealer_portal_require_dealer()
        lines = request.env["dealer.inventory.report.line"].search(
            self._dealer_expiry_domain(), order="expiration_date, id", limit=200)
        return request.render("dealer_portal_inventory.portal_dealer_inventory_expiry", self._dealer_inventory_values(
            # sudo: the dealer's own lines (record rules), rendered with their product names
            "dealer_inventory_expiry", lines=lines.sudo()))

    # ------------------------------------------------------------------
    # Replenishment suggestions
    # ------------------------------------------------------------------
    # a refresh of the suggestions redirects here: the primary right after it (read-your-writes)
    @http.route("/my/inventory/replenishment", type="http", auth="user", website=True,
                readonly=readonly_unless_own_write)
    def dealer_replenishment(self, **kw):
        self._dealer_portal_require_dealer()
        suggestions = request.env["dealer.replenishment"].search([("company_id", "=", request.env.company.id)])
        return request.render("dealer_portal_inventory.portal_dealer_replenishment", self._dealer_inventory_values(
            # sudo: the dealer's own suggestions (record rules), rendered with their product names
            "dealer_replenishment", suggestions=suggestions.sudo()))

    @http.route("/my/inventory/replenishment/refresh", type="http", auth="user", methods=["POST"], website=True)
    def dealer_replenishment_refresh(self, **kw):
        dealer = self._dealer_portal_require_dealer()
        # sudo: the suggestions of the user's own dealer, computed from its own figures
        suggestions = request.env["dealer.replenishment"].sudo().compute_suggestions(dealer)
        flash("info", request.env._("%(count)s suggestions computed from your latest figures.",
                                    count=len(suggestions)))
        return request.redirect("/my/inventory/replenishment")

    @http.route("/my/inventory/replenishment/cart", type="http", auth="user", methods=["POST"], website=True)
    def dealer_replenishment_cart(self, **kw):
        self._dealer_portal_require_dealer()
        ids = [parse_id(value) for value in request.httprequest.form.getlist("suggestion_ids")]
        suggestions = request.env["dealer.replenishment"].search([("id", "in", [i for i in ids if i])])
        if not suggestions:
            flash("warning", request.env._("Select the suggestions to add to your cart."))
            return request.redirect("/my/inventory/replenishment")
        result, error = self._dealer_portal_run(suggestions.action_create_cart)
        if error:
            return request.redirect("/my/inventory/replenishment")
        flash("success", request.env._("%(count)s suggested products added to your cart.", count=len(suggestions)))
        for hint in result["hints"]:
            flash("warning", hint)
        return request.redirect("/my/cart")
