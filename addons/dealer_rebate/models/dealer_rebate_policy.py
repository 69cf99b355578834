import logging
from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression
from odoo.tools import SQL

from odoo.addons.dealer_base.tools import format_qty, in_user_language

from ..tools import compute_rebate, is_aligned, last_closed_period, period_bounds, previous_year_period

REBATE_KINDS = [
    ("volume", "Volume"),
    ("growth", "Growth"),
    ("category", "Category"),
    ("freight", "Freight Subsidy"),
]
PERIODS = [("month", "Monthly"), ("quarter", "Quarterly"), ("year", "Yearly")]
INVOICE_KINDS = ("volume", "growth", "category")

_logger = logging.getLogger(__name__)


class DealerRebatePolicy(models.Model):
    _name = "dealer.rebate.policy"
    _description = "Dealer Rebate Policy"
    _inherit = ["mail.thread", "mail.activity.mixin", "dealer.eligibility.mixin"]
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True, tracking=True)
    code = fields.Char(copy=False, tracking=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True, tracking=True)
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    currency_id = fields.Many2one(related="company_id.currency_id", string="Currency")
    kind = fields.Selection(
        REBATE_KINDS, required=True, default="volume", tracking=True,
        help="Volume: net invoiced sales of the period. Growth: increase of the net invoiced sales over the "
        "same period one year earlier. Category: net invoiced sales of the product categories of the policy. "
        "Freight subsidy: sales delivered in the period.",
    )
    uses_sources = fields.Boolean(
        compute="_compute_uses_sources",
        help="The base is a set of documents (e.g. fulfillment profit shares), each paid in full and settled once; "
        "no thresholds.",
    )
    period = fields.Selection(PERIODS, required=True, default="quarter", tracking=True)
    threshold_mode = fields.Selection(
        [("tiered", "Tiered (whole base at the reached rate)"),
         ("progressive", "Progressive (each slice at its rate)")],
        string="Rate Mode", required=True, default="tiered", tracking=True,
        help="Tiered: the rate of the highest threshold reached applies to the whole base. Progressive: each "
        "slice of the base between two thresholds earns the rate of its lower threshold.",
    )
    date_start = fields.Date(string="Valid From", tracking=True)
    date_end = fields.Date(string="Valid Until", tracking=True)
    # dealer scope: dealer.eligibility.mixin (the policy's own dealer list table)
    partner_ids = fields.Many2many(
        relation="dealer_rebate_policy_partner_rel", column1="policy_id", column2="partner_id",
    )
    categ_ids = fields.Many2many(
        "product.category", string="Product Categories",
        help="Only the sales of these categories (sub-categories included) count. Empty = all products; "
        "required for category rebates.",
    )
    threshold_ids = fields.One2many("dealer.rebate.threshold", "policy_id", string="Thresholds", copy=True)
    target_wallet = fields.Selection(
        [("rebate", "Rebate Wallet"), ("cash", "Cash Wallet")], required=True, default="rebate", tracking=True,
        help="Rebate wallet: Dr rebate expense / Cr rebate liability. Cash wallet: Dr rebate expense / "
        "Cr customer advances.",
    )
    expense_account_id = fields.Many2one(
        "account.account", check_company=True,
        help="Debited by the settlements of this policy. Empty: the company's rebate expense account.",
    )
    auto_prepare = fields.Boolean(
        string="Prepare Automatically", default=True,
        help="At the end of each period the scheduled job creates and computes the settlement.",
    )
    auto_confirm = fields.Boolean(
        string="Confirm Automatically",
        help="The prepared settlement is confirmed at once (wallets credited) without review.",
    )
    note = fields.Html(string="Terms")
    settlement_ids = fields.One2many("dealer.rebate.settlement", "policy_id", string="Settlements")
    settlement_count = fields.Integer(compute="_compute_settlement_count")
    settled_amount = fields.Monetary(compute="_compute_settlement_count", string="Settled")

    _sql_constraints = [
        ("code_company_uniq", "unique(code, company_id)", "The code of a rebate policy must be unique."),
        ("dates_check", "CHECK(date_end IS NULL OR date_start IS NULL OR date_start <= date_end)",
         "The policy ends before it starts."),
    ]

    @api.depends("kind")
    def _compute_uses_sources(self):
        source_kinds = self._rebate_source_kinds()
        for policy in self:
            policy.uses_sources = policy.kind in source_kinds

    def _compute_settlement_count(self):
        Settlement = self.env["dealer.rebate.settlement"]
        counts = dict(Settlement._read_group([("policy_id", "in", self.ids)], ["policy_id"], ["__count"]))
        settled = dict(Settlement._read_group(
            [("policy_id", "in", self.ids), ("state", "=", "confirmed")], ["policy_id"], ["amount_total:sum"],
        ))
        for policy in self:
            policy.settlement_count = counts.get(policy, 0)
            policy.settled_amount = settled.get(policy, 0.0)

    @api.constrains("kind", "categ_ids")
    def _check_category_scope(self):
        for policy in self:
            if policy.kind == "category" and not policy.categ_ids:
                raise ValidationError(self.env._(
                    "The category rebate %(policy)s needs at least one product category.", policy=policy.name,
                ))

    @api.constrains("kind", "threshold_ids", "threshold_mode")
    def _check_thresholds(self):
        for policy in self:
            policy.threshold_ids._check_policy_thresholds(policy)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_view_settlements(self):
        action = self.env["ir.actions.act_window"]._for_xml_id("dealer_rebate.dealer_rebate_settlement_action")
        action["domain"] = [("policy_id", "in", self.ids)]
        action["context"] = {"default_policy_id": self[:1].id}
        return action

    def action_new_settlement(self):
        """A settlement of the last closed period (computed, ready to review)."""
        self.ensure_one()
        date_from, date_to = last_closed_period(fields.Date.context_today(self), self.period)
        settlement = self.env["dealer.rebate.settlement"].create({
            "policy_id": self.id, "date_from": date_from, "date_to": date_to,
        })
        settlement.action_compute()
        return {
            "type": "ir.actions.act_window",
            "res_model": "dealer.rebate.settlement",
            "res_id": settlement.id,
            "view_mode": "form",
        }

    # ------------------------------------------------------------------
    # Periods
    # ------------------------------------------------------------------
    def _check_period(self, date_from, date_to):
        """Raise a clear error unless [date_from, date_to] is one period of the policy."""
        self.ensure_one()
        if not is_aligned(date_from, date_to, self.period):
            labels = dict(self._fields["period"]._description_selection(self.env))
            start, end = period_bounds(date_from, self.period) if date_from else (None, None)
            raise ValidationError(self.env._(
                "The period %(date_from)s – %(date_to)s does not match the %(period)s periods of %(policy)s: "
                "use %(start)s – %(end)s.",
                date_from=date_from or "?", date_to=date_to or "?", period=labels[self.period].lower(),
                policy=self.name, start=start or "?", end=end or "?",
            ))
        if (self.date_start and date_to < self.date_start) or (self.date_end and date_from > self.date_end):
            raise ValidationError(self.env._(
                "%(policy)s is not valid in the period %(date_from)s – %(date_to)s.",
                policy=self.name, date_from=date_from, date_to=date_to,
            ))

    def _period_datetimes(self, date_from, date_to):
        """UTC bounds [start, end) of the period's days in the company's time zone
        (stock moves carry datetimes)."""
        tz_name = self.env.context.get("tz") or self.env.user.tz or self.company_id.partner_id.tz or "UTC"
        tz = pytz.timezone(tz_name)

        def to_utc(day):
            return tz.localize(datetime.combine(day, time.min)).astimezone(pytz.utc).replace(tzinfo=None)

        return to_utc(date_from), to_utc(date_to + timedelta(days=1))

    # ------------------------------------------------------------------
    # Scope (shared by every base query)
    # ------------------------------------------------------------------
    def _dealer_scope_sql(self, alias, partners=None):
        """SQL condition on the commercial partner row ``alias``: a dealer of the
        policy's scope (the suite's eligibility rule), among ``partners`` when given."""
        self.ensure_one()
        scope = self._dealer_eligibility_partner_sql(alias)
        if partners is None:
            return scope
        ids = tuple(partners.commercial_partner_id.ids)
        return SQL("%s AND %s", scope, SQL("%s IN %s", SQL.identifier(alias, "id"), ids) if ids else SQL("FALSE"))

    def _scope_categ_ids(self):
        self.ensure_one()
        if not self.categ_ids:
            return None
        return tuple(self.env["product.category"].search([("id", "child_of", self.categ_ids.ids)]).ids)

    def _flush_base_models(self):
        for model in ("res.partner", "account.move", "account.move.line", "product.product", "product.template",
                      "stock.move", "sale.order", "sale.order.line", "stock.location"):
            self.env[model].flush_model()

    # ------------------------------------------------------------------
    # Base queries: one grouped query per policy and period, all dealers at once
    # ------------------------------------------------------------------
    def _query_invoiced(self, date_from, date_to, partners=None):
        """Net invoiced sales (untaxed, company currency, invoices minus credit notes)
        per dealer: {partner_id: (current, previous)}; previous is the same period one
        year earlier (growth), else 0."""
        self.ensure_one()
        if self.kind == "growth":
            prev_from, prev_to = previous_year_period(date_from, date_to, self.period)
        else:
            prev_from, prev_to = date_from, date_to
        categ_ids = self._scope_categ_ids()
        categ_join = SQL(
            "JOIN product_product pp ON pp.id = aml.product_id "
            "JOIN product_template pt ON pt.id = pp.product_tmpl_id"
        ) if categ_ids else SQL()
        categ_cond = SQL("pt.categ_id IN %s", categ_ids) if categ_ids else SQL("TRUE")
        self._flush_base_models()
        self.env.cr.execute(SQL(
            """
            SELECT am.commercial_partner_id,
                   COALESCE(SUM(-aml.balance) FILTER (WHERE am.invoice_date BETWEEN %(cf)s AND %(ct)s), 0),
                   COALESCE(SUM(-aml.balance) FILTER (WHERE am.invoice_date BETWEEN %(pf)s AND %(pt)s), 0)
              FROM account_move_line aml
              JOIN account_move am ON am.id = aml.move_id
              JOIN res_partner dealer ON dealer.id = am.commercial_partner_id
              %(categ_join)s
             WHERE am.move_type IN ('out_invoice', 'out_refund')
               AND am.state = 'posted'
               AND aml.display_type = 'product'
               AND am.company_id = %(company)s
               AND (am.invoice_date BETWEEN %(cf)s AND %(ct)s OR am.invoice_date BETWEEN %(pf)s AND %(pt)s)
               AND %(scope)s
               AND %(categ)s
          GROUP BY am.commercial_partner_id
            """,
            cf=date_from, ct=date_to, pf=prev_from, pt=prev_to, company=self.company_id.id,
            categ_join=categ_join, categ=categ_cond, scope=self._dealer_scope_sql("dealer", partners),
        ))
        if self.kind == "growth":
            return {partner_id: (current, previous) for partner_id, current, previous in self.env.cr.fetchall()}
        return {partner_id: (current, 0.0) for partner_id, current, _previous in self.env.cr.fetchall()}

    def _query_delivered(self, date_from, date_to, partners=None):
        """Sales delivered in the period per dealer: done moves of sale order lines to
        customers minus returns, valued at the order line's untaxed net unit price in
        company currency: {partner_id: (delivered, 0)}."""
        self.ensure_one()
        start, end = self._period_datetimes(date_from, date_to)
        categ_ids = self._scope_categ_ids()
        categ_join = SQL(
            "JOIN product_product pp ON pp.id = sm.product_id JOIN product_template pt ON pt.id = pp.product_tmpl_id"
        ) if categ_ids else SQL()
        categ_cond = SQL("pt.categ_id IN %s", categ_ids) if categ_ids else SQL("TRUE")
        self._flush_base_models()
        self.env.cr.execute(SQL(
            """
            SELECT dealer.id,
                   COALESCE(SUM(
                       CASE WHEN dest.usage = 'customer' THEN 1 ELSE -1 END
                       * sm.quantity / move_uom.factor * line_uom.factor
                       * sol.price_subtotal / NULLIF(sol.product_uom_qty, 0)
                       / COALESCE(NULLIF(so.currency_rate, 0), 1)
                   ), 0)
              FROM stock_move sm
              JOIN sale_order_line sol ON sol.id = sm.sale_line_id
              JOIN sale_order so ON so.id = sol.order_id
              JOIN res_partner customer ON customer.id = so.partner_id
              JOIN res_partner dealer ON dealer.id = customer.commercial_partner_id
              JOIN stock_location src ON src.id = sm.location_id
              JOIN stock_location dest ON dest.id = sm.location_dest_id
              JOIN uom_uom move_uom ON move_uom.id = sm.product_uom
              JOIN uom_uom line_uom ON line_uom.id = sol.product_uom
              %(categ_join)s
             WHERE sm.state = 'done'
               AND sm.company_id = %(company)s
               AND sm.date >= %(start)s AND sm.date < %(end)s
               AND (dest.usage = 'customer' OR src.usage = 'customer')
               AND %(scope)s
               AND %(categ)s
          GROUP BY dealer.id
            """,
            start=start, end=end, company=self.company_id.id, categ_join=categ_join, categ=categ_cond,
            scope=self._dealer_scope_sql("dealer", partners),
        ))
        return {partner_id: (amount, 0.0) for partner_id, amount in self.env.cr.fetchall()}

    def _filter_partner_ids_in_scope(self, partner_ids, partners=None):
        """The ids among ``partner_ids`` (commercial partners) in the dealer scope (one query)."""
        self.ensure_one()
        if not partner_ids:
            return set()
        self.env["res.partner"].flush_model()
        self.env.cr.execute(SQL(
            "SELECT dealer.id FROM res_partner dealer WHERE dealer.id IN %s AND %s",
            tuple(partner_ids), self._dealer_scope_sql("dealer", partners),
        ))
        return {row[0] for row in self.env.cr.fetchall()}

    # ------------------------------------------------------------------
    # Kinds settled from documents (HOOKS for bridge modules)
    # ------------------------------------------------------------------
    @api.model
    def _rebate_source_kinds(self):
        """HOOK: the kinds whose base is a set of documents, each paid in full and settled
        once (no thresholds). A module that owns such documents adds its kind to the
        selection and here (``dealer_rebate_profit_share``: fulfillment profit shares)."""
        return ()

    def _get_source_records(self, date_from, date_to):
        """HOOK: the documents a policy of a source kind settles for the period.

        A recordset whose records have ``partner_id`` (the dealer credited) and an
        amount in company currency (:meth:`_get_source_amount`). Documents already
        settled by a credited line of this policy are skipped by the caller, so a
        document is paid once even if it is returned again.
        """
        self.ensure_one()
        raise UserError(self.env._("%(policy)s: no module settles the documents of this kind of policy.",
                                   policy=self.name))

    def _get_source_amount(self, record):
        """HOOK: amount of one document, in company currency."""
        return record.amount

    def _on_sources_settled(self, records, line):
        """HOOK: called once the wallet of ``line``'s dealer is credited with the documents
        ``records``. Default: nothing more than the settlement's own link
        (``dealer.rebate.settlement.source``)."""
        return True

    def _explain_sources(self, amount):
        """HOOK: the sentence of a line settled from documents."""
        return self.env._("Documents settled: %(amount)s.", amount=amount)

    def _query_sources(self, date_from, date_to, partners=None):
        """{partner_id: (amount, 0)} and {partner_id: [(model, id, amount)]} of the
        documents not settled yet."""
        self.ensure_one()
        records = self._get_source_records(date_from, date_to)
        if not records:
            return {}, {}
        settled = self.env["dealer.rebate.settlement.source"]._settled_ids(records._name, records.ids)
        per_partner = {}
        for record in records:
            if record.id in settled:
                continue
            partner = record.partner_id.commercial_partner_id
            per_partner.setdefault(partner.id, []).append(
                (record._name, record.id, self._get_source_amount(record))
            )
        in_scope = self._filter_partner_ids_in_scope(list(per_partner), partners)
        sources = {partner_id: items for partner_id, items in per_partner.items() if partner_id in in_scope}
        bases = {partner_id: (sum(item[2] for item in items), 0.0) for partner_id, items in sources.items()}
        return bases, sources

    # ------------------------------------------------------------------
    # The engine
    # ------------------------------------------------------------------
    def _get_settled_partner_ids(self, date_from, exclude_settlement=None):
        """Dealers already settled (or being settled) for this policy and period."""
        self.ensure_one()
        self.env["dealer.rebate.settlement.line"].flush_model()
        self.env["dealer.rebate.settlement"].flush_model(["state"])
        self.env.cr.execute(SQL(
            """
            SELECT line.partner_id
              FROM dealer_rebate_settlement_line line
              JOIN dealer_rebate_settlement settlement ON settlement.id = line.settlement_id
             WHERE line.policy_id = %s AND line.date_from = %s
               AND settlement.state IN ('confirming', 'confirmed')
               AND settlement.id != %s
            """,
            self.id, date_from, exclude_settlement.id if exclude_settlement else 0,
        ))
        return {row[0] for row in self.env.cr.fetchall()}

    def _get_bases(self, date_from, date_to, partners=None):
        """({partner_id: (current, previous)}, {partner_id: settled documents})."""
        self.ensure_one()
        if self.kind in INVOICE_KINDS:
            return self._query_invoiced(date_from, date_to, partners), {}
        if self.kind == "freight":
            return self._query_delivered(date_from, date_to, partners), {}
        return self._query_sources(date_from, date_to, partners)

    def _compute_rebates(self, date_from, date_to, partners=None, exclude_settlement=None, skip_settled=True,
                         keep_zero=False):
        """Rebate of every dealer of the policy's scope for one period.

        A few grouped queries whatever the number of dealers: the base (current and,
        for growth, previous year), the dealers already settled, the thresholds.

        :return: list of dicts with partner_id, base_amount, current_amount,
            previous_amount, growth_percent, rate, amount, threshold_id, reason,
            explanation, source_items (settled documents); only dealers earning something
            unless ``keep_zero``.
        """
        self.ensure_one()
        bases, sources = self._get_bases(date_from, date_to, partners)
        settled = self._get_settled_partner_ids(date_from, exclude_settlement) if skip_settled else set()
        thresholds = self.threshold_ids.sorted(lambda t: (t._get_minimum(), t.id))
        pairs = [(threshold._get_minimum(), threshold.rate) for threshold in thresholds]
        currency = self.currency_id
        results = []
        for partner_id, (current, previous) in bases.items():
            if partner_id in settled:
                continue
            result = compute_rebate(self.kind, self.threshold_mode, pairs, current, previous, in_full=self.uses_sources)
            amount = currency.round(result.amount)
            if currency.is_zero(amount) and not keep_zero:
                continue
            results.append({
                "partner_id": partner_id,
                "base_amount": currency.round(result.base),
                "current_amount": currency.round(current),
                "previous_amount": currency.round(previous),
                "growth_percent": result.growth or 0.0,
                "rate": result.rate,
                "amount": amount,
                "threshold_id": thresholds[result.threshold_index].id if result.threshold_index is not None else False,
                "reason": result.reason,
                "explanation": self._explain(result, current, previous, thresholds),
                "source_items": sources.get(partner_id, []),
            })
        return results

    def _explain(self, result, current, previous, thresholds):
        """One human sentence per line (translated)."""
        currency = self.currency_id

        def money(value):
            return f"{currency.round(value):,.2f}"

        threshold = thresholds[result.threshold_index] if result.threshold_index is not None else None
        reached = threshold._get_label() if threshold else ""
        if self.uses_sources:
            return self._explain_sources(money(current))
        if self.kind == "growth":
            head = self.env._("Net sales %(current)s against %(previous)s one year earlier", current=money(current),
                              previous=money(previous))
            if result.reason == "no_sales":
                return self.env._("%(head)s: no sales in either period.", head=head)
            if result.reason == "no_growth":
                return self.env._("%(head)s: no increase, no growth rebate.", head=head)
            if result.reason == "growth_undefined":
                return self.env._("%(head)s: no sales the year before and no 0%% growth threshold.", head=head)
            if result.reason == "new_sales":
                return self.env._("%(head)s: no sales the year before, new sales %(base)s at %(rate)s%%.",
                                  head=head, base=money(result.base), rate=format_qty(result.rate, 0.0001))
            if result.reason == "below":
                return self.env._("%(head)s: growth %(growth)s%% below the first threshold.", head=head,
                                  growth="%.2f" % result.growth)
            head = self.env._("%(head)s: growth %(growth)s%%, increase %(base)s", head=head,
                              growth="%.2f" % (result.growth or 0.0), base=money(result.base))
        else:
            labels = {
                "volume": self.env._("Net invoiced sales"),
                "category": self.env._("Net invoiced sales of the categories"),
                "freight": self.env._("Delivered sales"),
            }
            head = "%s %s" % (labels[self.kind], money(result.base))
            if result.reason in ("no_sales", "below"):
                return self.env._("%(head)s: no threshold reached.", head=head)
        if result.slices:
            parts = ", ".join(
                "%s–%s × %s%% = %s" % (
                    money(lower), money(upper) if upper is not None else "∞", format_qty(rate, 0.0001), money(rebate),
                )
                for lower, upper, _part, rate, rebate in result.slices
            )
            return self.env._("%(head)s; progressive: %(parts)s.", head=head, parts=parts)
        return self.env._("%(head)s; threshold %(threshold)s reached: %(rate)s%% of the whole base.",
                          head=head, threshold=reached, rate=format_qty(result.rate, 0.0001))

    # ------------------------------------------------------------------
    # Drill-down domains (same criteria as the queries)
    # ------------------------------------------------------------------
    def _get_invoice_line_domain(self, date_from, date_to, partner=None, with_previous_year=False):
        """Invoice lines counted in the base (with the same period one year earlier
        when ``with_previous_year``, for the growth drill-down)."""
        self.ensure_one()
        dates = [("move_id.invoice_date", ">=", date_from), ("move_id.invoice_date", "<=", date_to)]
        if with_previous_year:
            prev_from, prev_to = previous_year_period(date_from, date_to, self.period)
            dates = expression.OR([dates, [("move_id.invoice_date", ">=", prev_from),
                                           ("move_id.invoice_date", "<=", prev_to)]])
        domain = [
            ("move_id.move_type", "in", ("out_invoice", "out_refund")),
            ("parent_state", "=", "posted"),
            ("display_type", "=", "product"),
            ("company_id", "=", self.company_id.id),
        ]
        if partner:
            domain.append(("move_id.commercial_partner_id", "=", partner.id))
        if self.categ_ids:
            domain.append(("product_id.categ_id", "child_of", self.categ_ids.ids))
        return expression.AND([domain, dates])

    def _get_stock_move_domain(self, date_from, date_to, partner=None):
        self.ensure_one()
        start, end = self._period_datetimes(date_from, date_to)
        domain = [
            ("state", "=", "done"),
            ("company_id", "=", self.company_id.id),
            ("date", ">=", start),
            ("date", "<", end),
            ("sale_line_id", "!=", False),
            "|", ("location_dest_id.usage", "=", "customer"), ("location_id.usage", "=", "customer"),
        ]
        if partner:
            domain.append(("sale_line_id.order_id.partner_id.commercial_partner_id", "=", partner.id))
        if self.categ_ids:
            domain.append(("product_id.categ_id", "child_of", self.categ_ids.ids))
        return domain

    # ------------------------------------------------------------------
    # Scheduled jobs
    # ------------------------------------------------------------------
    @api.model
    @in_user_language
    def _cron_prepare_settlements(self):
        """At period end: create and compute the settlement of the last closed period
        of every active policy marked *Prepare Automatically* (once per period), and
        queue its confirmation when the policy says so."""
        today = fields.Date.context_today(self)
        Settlement = self.env["dealer.rebate.settlement"]
        policies = self.search([("auto_prepare", "=", True)])
        for policy in policies:
            date_from, date_to = last_closed_period(today, policy.period)
            if (policy.date_start and date_to < policy.date_start) or (policy.date_end and date_from > policy.date_end):
                continue
            if Settlement.search_count([("policy_id", "=", policy.id), ("date_from", "=", date_from),
                                        ("state", "!=", "cancel")], limit=1):
                continue
            try:
                with self.env.cr.savepoint():
                    settlement = Settlement.with_company(policy.company_id).create({
                        "policy_id": policy.id, "date_from": date_from, "date_to": date_to,
                    })
                    settlement.action_compute()
                    if policy.auto_confirm and settlement.line_ids:
                        settlement.action_confirm()
            except (UserError, ValidationError) as error:
                # one misconfigured policy must not stop the others: tell its followers
                _logger.warning("Rebate policy %s: settlement of %s not prepared: %s", policy.id, date_from, error)
                policy.message_post(body=self.env._(
                    "The settlement of %(date_from)s – %(date_to)s could not be prepared: %(error)s",
                    date_from=date_from, date_to=date_to, error=str(error),
                ))
