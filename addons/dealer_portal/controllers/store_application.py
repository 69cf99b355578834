import secrets

from odoo import http
from odoo.exceptions import UserError
from odoo.http import request

from ..models.dealer_store_application import FIELD_MAX_LENGTHS, UPLINE_CODE_MAX_LENGTH, ApplicationLimitReached

FORM_FIELDS = ("store_name", "contact_name", "phone", "email", "province_id", "city", "street", "credit_code",
               "dealer_type_id", "upline_code", "note")
# the maxlength of the form's inputs: the model's limits
FORM_MAX_LENGTHS = {**FIELD_MAX_LENGTHS, "upline_code": UPLINE_CODE_MAX_LENGTH, "province_id": 9, "dealer_type_id": 9}
# a random key of the visitor's session (never the session id) stored on its applications
SESSION_KEY = "dealer_store_application_key"


class DealerStoreApplicationController(http.Controller):
    """The public store application form (门店入驻申请): anyone may apply; a dealer shares
    ``/dealer/apply?upline=<its dealer code>`` to bring its stores in."""

    def _apply_values(self, values=None, error=None):
        Application = request.env["dealer.store.application"]
        return {
            "values": values or {},
            "error": error,
            "max_lengths": FORM_MAX_LENGTHS,
            "provinces": Application._public_provinces(),
            "store_types": Application._public_store_types(),
        }

    @staticmethod
    def _form_values(params):
        """The form's fields of the request ``params``, as stripped strings (a field missing
        or sent as a file is empty)."""
        return {field: params[field].strip() if isinstance(params.get(field), str) else "" for field in FORM_FIELDS}

    def _session_key(self):
        key = request.session.get(SESSION_KEY)
        if not key:
            key = request.session[SESSION_KEY] = secrets.token_urlsafe(16)
        return key

    @http.route("/dealer/apply", type="http", auth="public", methods=["GET"], website=True, sitemap=False,
                readonly=True)
    def store_application_form(self, upline=None, **kw):
        upline = upline.strip()[:UPLINE_CODE_MAX_LENGTH] if isinstance(upline, str) else ""
        return request.render("dealer_portal.store_application_form", self._apply_values({"upline_code": upline}))

    @http.route("/dealer/apply", type="http", auth="public", methods=["POST"], website=True, sitemap=False)
    def store_application_submit(self, **post):
        if post.get("website_url"):  # honeypot: people do not see this field, bots fill it in
            return request.redirect("/dealer/apply/thanks")
        values = self._form_values(post)
        try:
            with request.env.cr.savepoint():
                request.env["dealer.store.application"]._public_create(
                    values, ip_address=request.httprequest.remote_addr, session_key=self._session_key(),
                )
        except UserError as error:
            # shown back as typed, but never longer than the inputs accept
            shown = {field: value[:FORM_MAX_LENGTHS[field]] for field, value in values.items()}
            response = request.render("dealer_portal.store_application_form", self._apply_values(shown, error.args[0]))
            if isinstance(error, ApplicationLimitReached):
                response.status_code = 429
            return response
        return request.redirect("/dealer/apply/thanks")

    @http.route("/dealer/apply/thanks", type="http", auth="public", methods=["GET"], website=True, sitemap=False,
                readonly=True)
    def store_application_thanks(self, **kw):
        return request.render("dealer_portal.store_application_thanks", {})
