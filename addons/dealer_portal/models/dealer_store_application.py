from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools import credit_code_is_valid, email_is_valid, normalize_credit_code, phone_is_valid

APPLICATION_STATES = [
    ("new", "New"),
    ("approved", "Approved"),
    ("rejected", "Rejected"),
    ("cancel", "Cancelled"),
]
# applications accepted from one phone number per day (public form)
DAILY_LIMIT_PER_PHONE = 3


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
    reject_reason = fields.Text(tracking=True)
    partner_id = fields.Many2one("res.partner", string="Store", readonly=True, copy=False, index="btree_not_null")
    user_id = fields.Many2one(
        "res.users", string="Salesperson", tracking=True, default=lambda self: self.env.user,
        help="Reviews the application; the upline dealer's salesperson by default.",
    )

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
    def _public_create(self, values):
        """Create an application from the public form's ``values`` (strings), after the
        form's own checks (daily limit per phone). Superuser rights: the public user has
        no right on applications; only the form's fields are taken."""
        phone = (values.get("phone") or "").strip()
        since = fields.Datetime.now() - timedelta(days=1)
        Application = self.sudo()
        if Application.search_count([("phone", "=", phone), ("create_date", ">=", since)]) >= DAILY_LIMIT_PER_PHONE:
            raise ValidationError(self.env._("Too many applications from this phone number today."))
        upline = self.env["res.partner"]
        if values.get("upline_code"):
            upline = upline.sudo().search([("dealer_code", "=", values["upline_code"].strip()),
                                           ("is_dealer", "=", True), ("dealer_state", "=", "active")], limit=1)
            if not upline:
                raise ValidationError(self.env._("No dealer has the invitation code %(code)s.",
                                                 code=values["upline_code"]))
        for field in ("store_name", "contact_name", "phone", "province_id"):
            if not values.get(field):
                raise ValidationError(self.env._("Please fill in %(field)s.", field=self._fields[field].string))
        try:
            province_id = int(values["province_id"])
            type_id = int(values["dealer_type_id"]) if values.get("dealer_type_id") else False
        except ValueError as error:
            raise ValidationError(self.env._("Please choose a province from the list.")) from error
        return Application.create({
            "store_name": values["store_name"].strip(), "contact_name": values["contact_name"].strip(),
            "phone": phone, "email": (values.get("email") or "").strip() or False,
            "province_id": province_id, "city": (values.get("city") or "").strip() or False,
            "street": (values.get("street") or "").strip() or False,
            "credit_code": values.get("credit_code") or False, "dealer_type_id": type_id,
            "upline_id": upline.id, "note": values.get("note") or False,
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
