import re
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.sql import create_index

from ..tools import credit_code_is_valid, email_is_valid, normalize_credit_code, phone_is_valid

APPLICATION_STATES = [
    ("new", "New"),
    ("approved", "Approved"),
    ("rejected", "Rejected"),
    ("cancel", "Cancelled"),
]
# applications accepted from one phone number per day (public form)
DAILY_LIMIT_PER_PHONE = 3
# longest values accepted: a constraint of the model, and the maxlength of the public form's inputs
FIELD_MAX_LENGTHS = {
    "store_name": 128,
    "contact_name": 64,
    "phone": 32,
    "email": 254,  # RFC 5321
    "city": 64,
    "street": 256,
    "credit_code": 18,
    "note": 2000,
}
# the invitation code of the public form (a dealer code, not stored on the application)
UPLINE_CODE_MAX_LENGTH = 64
# the ids of the form's selects: plain positive numbers that fit a PostgreSQL integer
FORM_ID_RE = re.compile(r"[0-9]{1,9}")


class ApplicationLimitReached(ValidationError):
    """The public form refuses an application because one of its hourly limits is reached."""


def form_id(raw):
    """The id chosen in a select of the public form, or ``None`` when ``raw`` is not a
    plain positive number (tampered with)."""
    raw = raw.strip() if isinstance(raw, str) else ""
    if FORM_ID_RE.fullmatch(raw) and int(raw):
        return int(raw)
    return None


class DealerStoreApplication(models.Model):
    """A store's request to join the channel (门店入驻申请), usually from the public
    form; approving it creates the store below its upline dealer."""

    _name = "dealer.store.application"
    _description = "Store Application"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "create_date desc, id desc"
    _check_company_auto = True

    name = fields.Char(string="Reference", readonly=True, copy=False, default="/", index=True)
    state = fields.Selection(APPLICATION_STATES, default="new", required=True, tracking=True, index=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    store_name = fields.Char(required=True, tracking=True)
    contact_name = fields.Char(string="Contact", required=True)
    phone = fields.Char(required=True, tracking=True)
    email = fields.Char()
    country_id = fields.Many2one("res.country", default=lambda self: self.env.ref("base.cn", raise_if_not_found=False))
    province_id = fields.Many2one(
        "res.country.state", string="Province / State", required=True, domain="[('country_id', '=', country_id)]",
    )
    city = fields.Char()
    street = fields.Char(string="Address")
    credit_code = fields.Char(
        string="Unified Social Credit Code", tracking=True,
        help="统一社会信用代码: 18 characters with a check character (GB 32100-2015).",
    )
    dealer_type_id = fields.Many2one("dealer.type", string="Store Type")
    upline_id = fields.Many2one(
        "res.partner", string="Upline Dealer", tracking=True, index="btree_not_null",
        domain="[('is_dealer', '=', True), ('dealer_state', '=', 'active')]",
        help="The dealer the store will buy from: given by the invitation link, or chosen by the reviewer.",
    )
    note = fields.Text(string="Message")
    ip_address = fields.Char(
        string="IP Address", readonly=True, copy=False, index="btree_not_null",
        groups="dealer_base.group_dealer_manager",
        help="Where the public form was sent from; it counts towards the form's hourly limits.",
    )
    session_key = fields.Char(
        readonly=True, copy=False, index="btree_not_null", groups="base.group_system",
        help="A random key of the browser session that sent the public form (not the session id): "
        "it counts towards the form's hourly limit per session.",
    )
    reject_reason = fields.Text(tracking=True)
    partner_id = fields.Many2one("res.partner", string="Store", readonly=True, copy=False, index="btree_not_null")
    user_id = fields.Many2one(
        "res.users", string="Salesperson", tracking=True, default=lambda self: self.env.user,
        help="Reviews the application; the upline dealer's salesperson by default.",
    )

    def init(self):
        super().init()
        # the public form counts its recent applications per company on every submission
        create_index(self.env.cr, "dealer_store_application_public_recent_index", self._table,
                     ["company_id", "create_date"], where="ip_address IS NOT NULL")

    @api.constrains(*FIELD_MAX_LENGTHS)
    def _check_lengths(self):
        for application in self:
            error = self._length_error({fname: application[fname] for fname in FIELD_MAX_LENGTHS})
            if error:
                raise ValidationError(error)

    @api.constrains("country_id", "province_id")
    def _check_province_country(self):
        for application in self:
            if application.country_id and application.province_id.country_id != application.country_id:
                raise ValidationError(self.env._(
                    "%(province)s is not a province of %(country)s.",
                    province=application.province_id.name, country=application.country_id.name))

    @api.constrains("phone", "email", "credit_code")
    def _check_contact(self):
        for application in self:
            if not phone_is_valid(application.phone):
                raise ValidationError(self.env._(
                    "%(phone)s is not a mainland mobile or landline number.", phone=application.phone))
            if application.email and not email_is_valid(application.email):
                raise ValidationError(self.env._("%(email)s is not an email address.", email=application.email))
            if application.credit_code and not credit_code_is_valid(application.credit_code):
                raise ValidationError(self.env._(
                    "%(code)s is not a valid unified social credit code.", code=application.credit_code))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("credit_code"):
                vals["credit_code"] = normalize_credit_code(vals["credit_code"])
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("dealer.store.application") or "/"
            if vals.get("upline_id") and "user_id" not in vals:
                upline = self.env["res.partner"].browse(vals["upline_id"])
                vals["user_id"] = upline.user_id.id or self.env.user.id
        applications = super().create(vals_list)
        applications._check_duplicates()
        return applications

    def _check_duplicates(self):
        """An open application or an existing store with the same phone or credit code is refused."""
        for application in self:
            domain = [("id", "!=", application.id), ("state", "in", ("new", "approved")),
                      ("company_id", "=", application.company_id.id)]
            keys = [("phone", "=", application.phone)]
            if application.credit_code:
                keys = ["|", *keys, ("credit_code", "=", application.credit_code)]
            if self.sudo().search_count(domain + keys, limit=1):
                raise ValidationError(self.env._(
                    "An application with this phone number or credit code is already being reviewed "
                    "or was approved."))
            if application.credit_code and self.env["res.partner"].sudo().search_count(
                    [("company_registry", "=", application.credit_code)], limit=1):
                raise ValidationError(self.env._("A partner with this credit code already exists."))

    # ------------------------------------------------------------------
    # Public form
    # ------------------------------------------------------------------
    @api.model
    def _length_error(self, vals):
        """The message refusing the first value of ``vals`` longer than allowed, or ``None``."""
        for fname, limit in FIELD_MAX_LENGTHS.items():
            value = vals.get(fname)
            if isinstance(value, str) and len(value) > limit:
                return self.env._("%(field)s is too long: %(limit)s characters at most.",
                                  field=self._fields[fname]._description_string(self.env), limit=limit)
        return None

    @api.model
    def _public_country(self):
        """The country whose stores may apply on the public form (hook)."""
        return self.env.ref("base.cn")

    @api.model
    def _public_provinces(self):
        """The provinces the public form offers: those of :meth:`_public_country`."""
        # sudo: provinces are reference data the public user may not read
        return self.env["res.country.state"].sudo().search([("country_id", "=", self._public_country().id)])

    @api.model
    def _public_store_types(self):
        """The store types the public form offers."""
        # sudo: store types are reference data the public user may not read
        return self.env["dealer.type"].sudo().search([])

    @api.model
    def _public_limits(self):
        """The public form's hourly limits of the current company: {scope: count}, 0 = no limit."""
        company = self.env.company
        return {
            "ip": company.dealer_store_apply_limit_ip,
            "session": company.dealer_store_apply_limit_session,
            "all": company.dealer_store_apply_limit_hour,
        }

    @api.model
    def _public_check_limits(self, phone, ip_address=False, session_key=False):
        """Refuse the application when the phone number was used too often today, or when
        the hour's applications from the same IP address, from the same browser session or
        from everyone in the company reach the company's limits.

        The counts are read from the stored applications (their IP address and session
        key), so the limits hold across workers and servers; requests served in the very
        same instant may each pass, so a limit can be exceeded by at most the number of
        requests the servers handle at once."""
        Application = self.sudo()  # sudo: counting the applications the public user cannot read
        since_day = fields.Datetime.now() - timedelta(days=1)
        if Application.search_count([("phone", "=", phone), ("create_date", ">=", since_day)]) \
                >= DAILY_LIMIT_PER_PHONE:
            raise ValidationError(self.env._("Too many applications from this phone number today."))
        recent = [("company_id", "=", self.env.company.id), ("ip_address", "!=", False),
                  ("create_date", ">=", fields.Datetime.now() - timedelta(hours=1))]
        limits = self._public_limits()
        checks = [
            ("all", [], self.env._(
                "We are receiving too many applications at the moment. Please try again in an hour.")),
            ("ip", [("ip_address", "=", ip_address)], self.env._(
                "Too many applications were sent from your network in the last hour. Please try again later.")),
            ("session", [("session_key", "=", session_key)], self.env._(
                "You have sent too many applications in the last hour. Please try again later.")),
        ]
        for scope, domain, message in checks:
            if (scope == "ip" and not ip_address) or (scope == "session" and not session_key):
                continue
            if limits[scope] and Application.search_count(recent + domain, limit=limits[scope]) >= limits[scope]:
                raise ApplicationLimitReached(message)

    @api.model
    def _public_create(self, values, ip_address=False, session_key=False):
        """Create an application from the public form's ``values`` (strings), after the
        form's own checks: lengths, required fields, the ids of its selects among the
        choices it offers, the invitation code, then its limits (per phone and day; per
        IP address, browser session and company per hour). Any refusal is a
        ``ValidationError`` (``ApplicationLimitReached`` for the hourly limits) and
        nothing is written. Superuser rights: the public user has no right on
        applications; only the form's fields are taken."""
        def text(fname):
            value = values.get(fname)
            return value.strip() if isinstance(value, str) else ""

        vals = {fname: text(fname) for fname in FIELD_MAX_LENGTHS}
        vals["credit_code"] = normalize_credit_code(vals["credit_code"])
        error = self._length_error(vals)
        if error:
            raise ValidationError(error)
        upline_code = text("upline_code")
        if len(upline_code) > UPLINE_CODE_MAX_LENGTH:
            raise ValidationError(self.env._("No dealer has the invitation code %(code)s.",
                                             code=upline_code[:UPLINE_CODE_MAX_LENGTH] + "…"))
        for fname in ("store_name", "contact_name", "phone"):
            if not vals[fname]:
                raise ValidationError(self.env._("Please fill in %(field)s.",
                                                 field=self._fields[fname]._description_string(self.env)))
        province_id = form_id(values.get("province_id"))
        if not province_id or province_id not in self._public_provinces().ids:
            raise ValidationError(self.env._("Please choose a province from the list."))
        type_id = False
        if text("dealer_type_id"):
            type_id = form_id(values.get("dealer_type_id"))
            if not type_id or type_id not in self._public_store_types().ids:
                raise ValidationError(self.env._("Please choose a store type from the list."))
        upline = self.env["res.partner"]
        if upline_code:
            # sudo: the public user may not read partners; only an active dealer's id is taken
            upline = upline.sudo().search([("dealer_code", "=", upline_code), ("is_dealer", "=", True),
                                           ("dealer_state", "=", "active")], limit=1)
            if not upline:
                raise ValidationError(self.env._("No dealer has the invitation code %(code)s.", code=upline_code))
        self._public_check_limits(vals["phone"], ip_address=ip_address, session_key=session_key)
        vals = {fname: value or False for fname, value in vals.items()}
        return self.sudo().create({
            **vals, "country_id": self._public_country().id, "province_id": province_id,
            "dealer_type_id": type_id, "upline_id": upline.id,
            "ip_address": ip_address or False, "session_key": session_key or False,
        })

    # ------------------------------------------------------------------
    # Review
    # ------------------------------------------------------------------
    def _check_reviewer(self):
        if not self.env.su and not self.env.user.has_group("dealer_base.group_dealer_manager"):
            raise UserError(self.env._("Only dealer managers can approve or reject store applications."))

    def action_approve(self):
        """Create each store below its upline dealer (level store, active) with the applicant as contact."""
        self._check_reviewer()
        store_level = self.env.ref("dealer_base.dealer_level_store")
        for application in self:
            if application.state != "new":
                raise UserError(self.env._("%(name)s is not waiting for a decision.", name=application.name))
            if not application.upline_id:
                raise UserError(self.env._("Choose the upline dealer of %(store)s before approving.",
                                           store=application.store_name))
            store = self.env["res.partner"].create({
                "name": application.store_name, "is_company": True, "company_id": False,
                "dealer_level_id": store_level.id, "dealer_state": "active",
                "dealer_parent_id": application.upline_id.id, "dealer_type_id": application.dealer_type_id.id,
                "country_id": application.country_id.id, "state_id": application.province_id.id,
                "city": application.city, "street": application.street, "phone": application.phone,
                "email": application.email, "company_registry": application.credit_code,
                "user_id": application.upline_id.user_id.id,
                "child_ids": [fields.Command.create({
                    "name": application.contact_name, "type": "contact", "phone": application.phone,
                    "email": application.email,
                })],
            })
            application.write({"state": "approved", "partner_id": store.id})
            application.message_post(body=self.env._("Store %(store)s created below %(upline)s.",
                                                     store=store.display_name,
                                                     upline=application.upline_id.display_name))
            salesperson = application.upline_id.user_id
            if salesperson:
                application.activity_schedule(
                    "mail.mail_activity_data_todo", user_id=salesperson.id,
                    summary=self.env._("Welcome the new store %(store)s", store=store.display_name),
                )
        return True

    def action_reject(self):
        self._check_reviewer()
        for application in self:
            if application.state != "new":
                raise UserError(self.env._("%(name)s is not waiting for a decision.", name=application.name))
            if not (application.reject_reason or "").strip():
                raise UserError(self.env._("Give the reason of the rejection of %(name)s first.",
                                           name=application.name))
        self.write({"state": "rejected"})
        template = self.env.ref("dealer_portal.mail_template_store_application_rejected", raise_if_not_found=False)
        if template:
            for application in self.filtered("email"):
                template.send_mail(application.id)
        return True

    def action_cancel(self):
        self.filtered(lambda a: a.state == "new").write({"state": "cancel"})
        return True

    def action_view_store(self):
        self.ensure_one()
        return {"type": "ir.actions.act_window", "res_model": "res.partner", "view_mode": "form",
                "res_id": self.partner_id.id}
