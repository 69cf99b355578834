from odoo import api, fields, models, tools
from odoo.exceptions import ValidationError

# the flows of dealer_order; other modules add theirs with selection_add (on this
# list's fields: dealer.order.flow.code, sale.order.dealer_flow, dealer.review.log.dealer_flow)
# and their defaults through dealer.order.flow._dealer_flow_defaults()
FLOW_SELECTION = [
    ("regular", "Regular"),
    ("fulfillment", "Fulfillment"),
    ("presale", "Presale"),
]


class DealerOrderFlow(models.Model):
    _name = "dealer.order.flow"
    _description = "Dealer Order Flow"
    _inherit = ["mail.thread"]
    _order = "company_id, sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True, tracking=True)
    code = fields.Selection(
        FLOW_SELECTION, required=True, tracking=True,
        help="The order flow (sale.order.dealer_flow) this configuration applies to.",
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    currency_id = fields.Many2one(related="company_id.currency_id")
    sequence_id = fields.Many2one(
        "ir.sequence", string="Numbering", check_company=True, copy=False,
        help="Dealer orders of this flow are numbered from this sequence when they are created.",
    )
    prefix = fields.Char(
        related="sequence_id.prefix", readonly=False, string="Order Prefix",
        help="Prefix of the order numbers of this flow, e.g. DO/ or PS/.",
    )
    deposit_ratio = fields.Float(
        string="Default Deposit Ratio", digits=(16, 4), tracking=True,
        help="Deposit orders: share of the order total paid as deposit at submission (0.3 = 30%).",
    )
    balance_days = fields.Integer(
        string="Balance Due in (Days)", default=30, tracking=True,
        help="Deposit orders: the balance is due this many days after the order date; unpaid orders then expire.",
    )
    is_deposit_flow = fields.Boolean(
        compute="_compute_is_deposit_flow", string="Paid by Deposit",
        help="Orders of this flow pay a deposit at submission and the balance before delivery.",
    )
    review_policy = fields.Selection(
        [("auto", "Automatic"), ("manual", "Manual")], required=True, default="auto", tracking=True,
        help="Automatic: orders passing every review rule are confirmed at once. Manual: every submitted order "
        "waits in the review queue for an operator.",
    )
    review_rule_ids = fields.Many2many(
        "dealer.review.rule", string="Review Rules", check_company=True,
        help="Rules reviewing the orders of this flow. Empty: every active rule of the company.",
    )
    order_count = fields.Integer(compute="_compute_order_count", string="Orders")
    note = fields.Html()

    _sql_constraints = [
        ("code_company_uniq", "unique(code, company_id)", "A flow is configured once per company."),
        ("deposit_ratio_range", "CHECK(deposit_ratio >= 0 AND deposit_ratio <= 1)",
         "The deposit ratio is between 0 and 1 (0.3 = 30%)."),
        ("balance_days_positive", "CHECK(balance_days >= 0)", "The balance days cannot be negative."),
    ]

    @api.depends("code")
    def _compute_is_deposit_flow(self):
        # the orders' hook decides (sale.order._dealer_is_deposit_order), not a list of codes here
        Order = self.env["sale.order"]
        for flow in self:
            flow.is_deposit_flow = bool(flow.code) and Order.new({"dealer_flow": flow.code})._dealer_is_deposit_order()

    def _compute_order_count(self):
        counts = {
            (company.id, flow): count
            for company, flow, count in self.env["sale.order"]._read_group(
                [("company_id", "in", self.company_id.ids), ("dealer_id", "!=", False)],
                ["company_id", "dealer_flow"], ["__count"],
            )
        }
        for flow in self:
            flow.order_count = counts.get((flow.company_id.id, flow.code), 0)

    @api.constrains("code", "deposit_ratio")
    def _check_deposit_ratio(self):
        for flow in self:
            if flow.code == "presale" and flow.deposit_ratio <= 0:
                raise ValidationError(self.env._(
                    "The presale flow of %(company)s needs a deposit ratio above zero.",
                    company=flow.company_id.display_name,
                ))

    @api.model_create_multi
    def create(self, vals_list):
        flows = super().create(vals_list)
        defaults = self._dealer_flow_defaults()
        for flow in flows.filtered(lambda item: not item.sequence_id):
            prefix = defaults.get(flow.code, {}).get("prefix") or "%s/" % flow.code.upper()[:3]
            flow.sequence_id = flow._create_sequence(prefix)
        self.env.registry.clear_cache()  # _get_flow_id
        return flows

    def write(self, vals):
        if {"company_id", "code", "active", "sequence"} & vals.keys():
            self.env.registry.clear_cache()  # _get_flow_id
        return super().write(vals)

    def unlink(self):
        self.env.registry.clear_cache()  # _get_flow_id
        return super().unlink()

    def _create_sequence(self, prefix):
        self.ensure_one()
        # sudo: the numbering of a flow is part of its configuration; sequences are
        # technical records that dealer managers cannot create through the access rights.
        return self.env["ir.sequence"].sudo().create({
            "name": "%s (%s)" % (self.name, self.company_id.name),
            "code": "dealer.order.flow.%s" % self.code,
            "prefix": prefix,
            "padding": 5,
            "company_id": self.company_id.id,
        }).sudo(False)

    def action_view_orders(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("dealer_order.sale_order_action_dealer_orders")
        action["domain"] = [("dealer_flow", "=", self.code), ("company_id", "=", self.company_id.id)]
        action["context"] = {"default_dealer_flow": self.code}
        return action

    @api.model
    def _get_flow(self, company, code):
        """The active configuration of flow ``code`` in ``company`` (empty when archived).

        A company without any configuration of the flow (created before the module was
        installed and missed by its setup) gets the default ones on first use."""
        domain = [("company_id", "=", company.id), ("code", "=", code)]
        flow = self.browse(self._get_flow_id(company.id, code))
        if not flow and not self.with_context(active_test=False).search_count(domain, limit=1):
            self._setup_company_flows(company)
            flow = self.search(domain, limit=1)
        return flow

    @api.model
    @tools.ormcache("company_id", "code")
    def _get_flow_id(self, company_id, code):
        """Id of the active configuration of flow ``code`` in the company (0: none), cached
        by the registry: every order creation, submission and review asks for it, and it
        changes only when flows are created, archived or deleted (the cache is cleared then)."""
        # sudo: the configuration is the same for every user (_get_flow is read with sudo)
        return self.sudo().search([("company_id", "=", company_id), ("code", "=", code)], limit=1).id or 0

    @api.model
    def _dealer_flow_defaults(self):
        """HOOK: the default configuration of the flows created for every company, by code:
        ``{code: {"name", "name_cn" (for Chinese companies), "prefix", "deposit_ratio",
        "balance_days"}}``. Modules adding a flow (selection_add on ``code``) add its
        defaults here (super() then update)."""
        return {
            "regular": {"name": "Dealer Order", "name_cn": "经销商订货", "prefix": "DO/",
                        "deposit_ratio": 0.0, "balance_days": 0},
            "fulfillment": {"name": "Fulfillment Order", "name_cn": "履约订单", "prefix": "FO/",
                            "deposit_ratio": 0.0, "balance_days": 0},
            "presale": {"name": "Presale Order", "name_cn": "预售订单", "prefix": "PS/",
                        "deposit_ratio": 0.3, "balance_days": 30},
        }

    @api.model
    def _setup_company_flows(self, companies):
        """Create the missing flow configurations of ``companies`` with the defaults."""
        existing = {
            (flow.company_id.id, flow.code)
            for flow in self.with_context(active_test=False).search([("company_id", "in", companies.ids)])
        }
        codes = [code for code, _label in self._fields["code"]._description_selection(self.env)]
        defaults = self._dealer_flow_defaults()
        vals_list = []
        for company in companies:
            chinese = (company.chart_template or "").startswith("cn") or company.currency_id.name == "CNY"
            for code in codes:
                if (company.id, code) in existing:
                    continue
                values = defaults.get(code, {})
                name = (values.get("name_cn") if chinese else None) or values.get("name") or code
                vals_list.append({
                    "name": name, "code": code, "company_id": company.id,
                    "deposit_ratio": values.get("deposit_ratio", 0.0), "balance_days": values.get("balance_days", 30),
                    "sequence": 10 * (codes.index(code) + 1),
                })
        # sudo: the default flows are configuration created with the company
        return self.sudo().create(vals_list).sudo(False) if vals_list else self
