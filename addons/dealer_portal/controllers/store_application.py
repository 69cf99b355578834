from odoo import http
from odoo.exceptions import ValidationError
from odoo.http import request

FORM_FIELDS = ("store_name", "contact_name", "phone", "email", "province_id", "city", "street", "credit_code",
               "dealer_type_id", "upline_code", "note")


class DealerStoreApplicationController(http.Controller):
    """The public store application form (门店入驻申请): anyone may apply; a dealer shares
    ``/dealer/apply?upline=<its dealer code>`` to bring its stores in."""

    def _apply_values(self, values=None, error=None):
        # sudo: the public form lists the provinces of China and the store types (reference data)
        country = request.env.ref("base.cn")
        return {
            "values": values or {},
            "error": error,
            "provinces": request.env["res.country.state"].sudo().search([("country_id", "=", country.id)]),
            "store_types": request.env["dealer.type"].sudo().search([]),
        }

    @http.route("/dealer/apply", type="http", auth="public", methods=["GET"], website=True, sitemap=False)
    def store_application_form(self, upline=None, **kw):
        return request.render("dealer_portal.store_application_form",
                              self._apply_values({"upline_code": upline or ""}))

    @http.route("/dealer/apply", type="http", auth="public", methods=["POST"], website=True, sitemap=False)
    def store_application_submit(self, **post):
        values = {field: (post.get(field) or "").strip() for field in FORM_FIELDS}
        if post.get("website_url"):  # honeypot: people do not see this field, bots fill it in
            return request.redirect("/dealer/apply/thanks")
        try:
            with request.env.cr.savepoint():
                request.env["dealer.store.application"]._public_create(values)
        except ValidationError as error:
            return request.render("dealer_portal.store_application_form", self._apply_values(values, error.args[0]))
        return request.redirect("/dealer/apply/thanks")

    @http.route("/dealer/apply/thanks", type="http", auth="public", methods=["GET"], website=True, sitemap=False)
    def store_application_thanks(self, **kw):
        return request.render("dealer_portal.store_application_thanks", {})
