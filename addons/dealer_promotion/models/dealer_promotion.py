from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from odoo.addons.dealer_base.tools import lock_rows


class DealerPromotion(models.Model):
    _name = "dealer.promotion"
    _description = "Dealer Promotion"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "priority, date_from desc, id desc"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True, translate=True)
    code = fields.Char(
        copy=False, tracking=True, index="btree_not_null",
        help="Short reference of the promotion, shown on orders and reports. Filled from a sequence when empty.",
    )
    description = fields.Html(help="Terms of the promotion as communicated to dealers.", translate=True)
    active = fields.Boolean(default=True)
    state = fields.Selection(
        [("draft", "Draft"), ("active", "Active"), ("paused", "Paused"), ("ended", "Ended")],
        default="draft", required=True, copy=False, tracking=True, index=True,
        help="Only active promotions apply to orders; paused ones can be resumed, ended ones cannot.",
    )
    date_from = fields.Date(
        string="Start Date", required=True, tracking=True, default=fields.Date.context_today,
        help="First day orders can get the promotion (order date).",
    )
    date_to = fields.Date(
        string="End Date", required=True, tracking=True,
        default=lambda self: fields.Date.context_today(self) + relativedelta(months=1),
        help="Last day orders can get the promotion (order date), included.",
    )
    priority = fields.Integer(
        default=10, tracking=True,
        help="Promotions stack in priority order, lower first. Among exclusive promotions "
        "the one with the lowest priority wins.",
    )
    exclusive = fields.Boolean(
        tracking=True,
        help="When an exclusive promotion applies to an order, no other promotion applies with it.",
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company, tracking=True,
    )
    currency_id = fields.Many2one(
        "res.currency", related="company_id.currency_id", store=True, string="Currency",
        help="Amounts of the promotion are in this currency; it applies to orders in this currency only.",
    )
    max_discount_per_order = fields.Monetary(
        string="Max Benefit per Order", tracking=True,
        help="The benefit of this promotion on one order is cut to this amount (0 = no limit).",
    )
    max_discount_per_dealer = fields.Monetary(
        string="Max Benefit per Dealer", tracking=True,
        help="Total benefit a dealer can receive from this promotion over all its confirmed orders (0 = no limit).",
    )
    budget = fields.Monetary(
        tracking=True,
        help="Total benefit this promotion may grant over all dealers (0 = no limit).",
    )
    budget_used = fields.Monetary(
        string="Benefit Granted", readonly=True, copy=False,
        help="Benefit granted by confirmed orders, counted for promotions with a budget or a per-dealer "
        "cap (the counter they are checked against; maintained when orders are confirmed or cancelled). "
        "Total Benefit shows it for every promotion.",
    )
    budget_remaining = fields.Monetary(
        string="Remaining Budget", compute="_compute_budget_remaining",
        help="Budget minus the benefit already granted (empty when there is no budget).",
    )
    budget_consumption = fields.Float(
        string="Budget Used (%)", compute="_compute_budget_remaining",
    )
    rule_ids = fields.One2many("dealer.promotion.rule", "promotion_id", string="Rules", copy=True)
    rule_count = fields.Integer(compute="_compute_rule_count")
    is_template = fields.Boolean(
        string="Template", tracking=True, index=True,
        help="Templates never apply to orders: copy them into a new promotion with your dates.",
    )
    template_id = fields.Many2one(
        "dealer.promotion", string="Copied From", readonly=True, copy=False, index="btree_not_null",
        help="The template or earlier promotion this promotion was copied from.",
    )
    previous_version_id = fields.Many2one(
        "dealer.promotion", readonly=True, copy=False, index="btree_not_null",
        help="Activating this promotion ends its previous version.",
    )
    root_id = fields.Many2one(
        "dealer.promotion", string="First Version", compute="_compute_root_id", store=True, index=True, recursive=True,
        help="All versions of a promotion share one budget and one per-dealer allowance.",
    )
    usage_ids = fields.One2many("dealer.promotion.usage", "promotion_id")
    usage_count = fields.Integer(string="Orders", compute="_compute_usage_stats")
    usage_dealer_count = fields.Integer(string="Dealers", compute="_compute_usage_stats")
    usage_amount = fields.Monetary(string="Total Benefit", compute="_compute_usage_stats")
    has_usage = fields.Boolean(compute="_compute_usage_stats")

    _sql_constraints = [
        ("code_company_unique", "unique(code, company_id)", "The promotion code must be unique per company."),
    ]

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("previous_version_id.root_id")
    def _compute_root_id(self):
        for promotion in self:
            promotion.root_id = promotion.previous_version_id.root_id or promotion

    @api.depends("budget", "budget_used")
    def _compute_budget_remaining(self):
        for promotion in self:
            if promotion.budget > 0:
                promotion.budget_remaining = promotion.budget - promotion.budget_used
                promotion.budget_consumption = 100.0 * promotion.budget_used / promotion.budget
            else:
                promotion.budget_remaining = 0.0
                promotion.budget_consumption = 0.0

    @api.depends("rule_ids")
    def _compute_rule_count(self):
        for promotion in self:
            promotion.rule_count = len(promotion.rule_ids)

    def _compute_usage_stats(self):
        stats = {}
        if self.ids:
            groups = self.env["dealer.promotion.usage"]._read_group(
                [("promotion_id", "in", self.ids)],
                ["promotion_id"],
                ["__count", "partner_id:count_distinct", "amount:sum"],
            )
            stats = {promotion.id: (count, dealers, amount) for promotion, count, dealers, amount in groups}
        for promotion in self:
            count, dealers, amount = stats.get(promotion.id, (0, 0, 0.0))
            promotion.usage_count = count
            promotion.usage_dealer_count = dealers
            promotion.usage_amount = amount
            promotion.has_usage = bool(count)

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for promotion in self:
            if promotion.date_from and promotion.date_to and promotion.date_from > promotion.date_to:
                raise ValidationError(self.env._(
                    "Promotion %(name)s ends (%(date_to)s) before it starts (%(date_from)s).",
                    name=promotion.name, date_to=promotion.date_to, date_from=promotion.date_from,
                ))

    @api.constrains("max_discount_per_order", "max_discount_per_dealer", "budget", "priority")
    def _check_amounts(self):
        for promotion in self:
            if min(promotion.max_discount_per_order, promotion.max_discount_per_dealer, promotion.budget) < 0:
                raise ValidationError(self.env._(
                    "Promotion %(name)s: limits and budget cannot be negative (use 0 for no limit).",
                    name=promotion.name,
                ))
            if promotion.priority < 0:
                raise ValidationError(self.env._(
                    "Promotion %(name)s: the priority cannot be negative.", name=promotion.name,
                ))

    @api.constrains("is_template", "state")
    def _check_template_state(self):
        for promotion in self:
            if promotion.is_template and promotion.state != "draft":
                raise ValidationError(self.env._(
                    "%(name)s is a template: templates stay in draft and never apply to orders. "
                    "Create a promotion from it instead.",
                    name=promotion.name,
                ))

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if not vals.get("code"):
                vals["code"] = self.env["ir.sequence"].next_by_code("dealer.promotion") or "/"
        return super().create(vals_list)

    def copy_data(self, default=None):
        vals_list = super().copy_data(default=default)
        default = default or {}
        for promotion, vals in zip(self, vals_list, strict=True):
            if "name" not in default:
                vals["name"] = self.env._("%(name)s (copy)", name=promotion.name)
        return vals_list

    def write(self, vals):
        res = super().write(vals)
        if {"budget", "max_discount_per_dealer"} & vals.keys():
            # a promotion that gets a budget or a per-dealer cap starts counting from what it granted
            self._sync_budget_used()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_used(self):
        used = self.filtered("usage_ids")
        if used:
            raise UserError(self.env._(
                "%(promotions)s already granted benefits on confirmed orders: end or archive them instead.",
                promotions=", ".join(used.mapped("display_name")),
            ))

    @api.depends("code", "name")
    def _compute_display_name(self):
        for promotion in self:
            promotion.display_name = f"[{promotion.code}] {promotion.name}" if promotion.code else promotion.name

    # ------------------------------------------------------------------
    # Workflow
    # ------------------------------------------------------------------
    def action_activate(self):
        today = fields.Date.context_today(self)
        for promotion in self:
            if promotion.is_template:
                raise UserError(self.env._(
                    "%(name)s is a template: create a promotion from it to activate it.", name=promotion.name
                ))
            if promotion.state not in ("draft", "paused"):
                raise UserError(self.env._(
                    "Only draft or paused promotions can be activated (%(name)s is %(state)s).",
                    name=promotion.name, state=promotion._state_label(),
                ))
            if not promotion.rule_ids:
                raise UserError(self.env._(
                    "%(name)s has no rule: add at least one rule before activating it.", name=promotion.name
                ))
            if promotion.date_to < today:
                raise UserError(self.env._(
                    "%(name)s ended on %(date)s: change its end date before activating it.",
                    name=promotion.name, date=promotion.date_to,
                ))
            promotion.rule_ids._check_benefit_complete()
        self.write({"state": "active"})
        previous = self.previous_version_id.filtered(lambda p: p.state in ("active", "paused"))
        if previous:
            previous.action_end()
        return True

    def action_pause(self):
        for promotion in self:
            if promotion.state != "active":
                raise UserError(self.env._(
                    "Only active promotions can be paused (%(name)s is %(state)s).",
                    name=promotion.name, state=promotion._state_label(),
                ))
        self.write({"state": "paused"})
        return True

    def action_end(self):
        for promotion in self:
            if promotion.state not in ("active", "paused"):
                raise UserError(self.env._(
                    "Only active or paused promotions can be ended (%(name)s is %(state)s).",
                    name=promotion.name, state=promotion._state_label(),
                ))
        self.write({"state": "ended"})
        return True

    def action_reset_draft(self):
        for promotion in self:
            if promotion.state == "draft":
                continue
            if promotion.usage_ids:
                raise UserError(self.env._(
                    "%(name)s already granted benefits: it cannot go back to draft. "
                    "Create a new version to change its rules.",
                    name=promotion.name,
                ))
        self.write({"state": "draft"})
        return True

    def _check_rules_editable(self):
        """Rules of a promotion that already granted benefits cannot change.

        Confirmed orders were computed with them: change them in a new
        version (``action_new_version``), which ends this one when activated.
        """
        if not self.ids:
            return
        used = self.env["dealer.promotion.usage"].sudo()._read_group(  # sudo: only counts usage rows
            [("promotion_id", "in", self.ids)], ["promotion_id"], ["__count"]
        )
        frozen = [promotion for promotion, _count in used if promotion.state != "draft"]
        if frozen:
            raise UserError(self.env._(
                "The rules of %(promotions)s cannot change: confirmed orders already received its benefits. "
                "Create a new version of the promotion instead.",
                promotions=", ".join(promotion.display_name for promotion in frozen),
            ))

    def _state_label(self):
        self.ensure_one()
        return dict(self._fields["state"]._description_selection(self.env))[self.state]

    # ------------------------------------------------------------------
    # Copies: templates, last year's promotion, new versions
    # ------------------------------------------------------------------
    def _copy_shifted(self, date_from, name=None, as_template=False):
        """Copy this promotion so that it starts on ``date_from``, keeping its duration."""
        self.ensure_one()
        shift = date_from - self.date_from
        default = {
            "date_from": date_from,
            "date_to": self.date_to + shift,
            "is_template": as_template,
            "template_id": self.id,
        }
        if name:
            default["name"] = name
        new = self.copy(default)
        new.message_post(body=self.env._(
            "Copied from %(origin)s with dates shifted by %(days)s days.",
            origin=self.display_name, days=shift.days,
        ))
        return new

    def action_open_copy_wizard(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Copy with New Dates"),
            "res_model": "dealer.promotion.copy",
            "view_mode": "form",
            "target": "new",
            "context": {"default_promotion_id": self.id},
        }

    def action_simulate(self):
        """A new what-if simulation of these promotions on the last 30 days' real orders."""
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Simulate"),
            "res_model": "dealer.promotion.simulation",
            "view_mode": "form",
            "target": "current",
            "context": {"default_promotion_ids": self.ids, "default_company_id": self[:1].company_id.id},
        }

    def action_new_version(self):
        """Copy an active promotion to change its rules; activating the copy ends this one."""
        self.ensure_one()
        if self.is_template:
            raise UserError(self.env._("Templates have no versions: edit the template directly."))
        new = self.copy({
            "name": self.name,
            "previous_version_id": self.id,
            "template_id": self.id,
            "date_from": max(self.date_from, fields.Date.context_today(self)),
            "date_to": self.date_to,
        })
        # versions share one budget and per-dealer allowance (see root_id)
        new.code = f"{self.code}-v{self._version_number() + 1}"
        self.env.cr.execute(SQL(
            "UPDATE dealer_promotion SET budget_used = %s WHERE id = %s", self.budget_used, new.id
        ))
        new.invalidate_recordset(["budget_used"])
        return {
            "type": "ir.actions.act_window",
            "res_model": "dealer.promotion",
            "res_id": new.id,
            "view_mode": "form",
        }

    def _version_number(self):
        self.ensure_one()
        number, promotion = 1, self
        while promotion.previous_version_id:
            number += 1
            promotion = promotion.previous_version_id
        return number

    # ------------------------------------------------------------------
    # Monitoring
    # ------------------------------------------------------------------
    def action_view_usage(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("dealer_promotion.dealer_promotion_usage_action")
        action["domain"] = [("promotion_id", "=", self.id)]
        action["context"] = {"search_default_group_partner": 1}
        action["display_name"] = self.env._("Usage of %(promotion)s", promotion=self.display_name)
        return action

    def action_view_orders(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("sale.action_orders")
        action["domain"] = [("id", "in", self.usage_ids.sale_order_id.ids)]
        action["context"] = {"create": False}
        return action

    def action_open_preview(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Preview on an Order"),
            "res_model": "dealer.promotion.preview",
            "view_mode": "form",
            "target": "new",
            "context": {"default_promotion_id": self.id},
        }

    # ------------------------------------------------------------------
    # Budget bookkeeping (called on confirmation / cancellation of orders)
    # ------------------------------------------------------------------
    def _lock_for_usage(self):
        """Lock the promotion rows until the end of the transaction.

        Taken before checking caps and budgets at confirmation: a concurrent
        confirmation waits, and when the other one has changed the counters
        it fails with a serialization error and is retried with fresh data,
        so two orders can never spend the same budget.
        """
        limited = self._usage_limited()
        if not limited:
            return
        self.flush_model(["root_id"])
        # every version of the promotion (one budget), not only the rows of the order
        lock_rows(limited, where=SQL(
            "root_id IN (SELECT root_id FROM dealer_promotion WHERE id IN %s)", tuple(limited.ids),
        ), log_exceptions=False)  # a serialization failure here is expected and retried

    def _usage_limited(self):
        """The promotions whose confirmations must be serialized: those with a budget
        or a per-dealer cap. The others are neither locked nor written when orders are
        confirmed, so concurrent orders using them never wait on (or conflict over)
        their rows; their usage rows are the record of what they granted."""
        return self.filtered(lambda promotion: promotion.budget > 0 or promotion.max_discount_per_dealer > 0)

    def _sync_budget_used(self):
        """Reset the counter of the promotions (and their versions) to the benefit of their usage rows."""
        if not self:
            return
        self._lock_for_usage()
        self.flush_model(["root_id"])
        self.env["dealer.promotion.usage"].flush_model(["promotion_id", "amount"])
        self.env.cr.execute(SQL(
            """
            UPDATE dealer_promotion promotion
               SET budget_used = COALESCE((
                       SELECT SUM(usage.amount)
                         FROM dealer_promotion_usage usage
                         JOIN dealer_promotion version ON version.id = usage.promotion_id
                        WHERE version.root_id = promotion.root_id), 0)
             WHERE promotion.root_id IN (SELECT root_id FROM dealer_promotion WHERE id IN %s)
            """,
            tuple(self.ids),
        ))
        self.invalidate_model(["budget_used", "budget_remaining", "budget_consumption"])

    def _add_budget_used(self, amounts):
        """Add ``amounts`` (dict promotion id -> amount, may be negative) to the granted
        benefit of the limited promotions (see :meth:`_usage_limited`).

        The counter is kept on every version of the promotion (they share it).
        """
        limited_ids = set(self._usage_limited().ids)
        amounts = {promotion_id: amount for promotion_id, amount in amounts.items() if promotion_id in limited_ids}
        if not amounts:
            return
        self.flush_model(["root_id"])
        for promotion_id, amount in amounts.items():
            self.env.cr.execute(SQL(
                """
                UPDATE dealer_promotion SET budget_used = COALESCE(budget_used, 0) + %s
                 WHERE root_id = (SELECT root_id FROM dealer_promotion WHERE id = %s)
                """,
                amount, promotion_id,
            ))
        # the counter and what is computed from it (remaining budget, usage statistics)
        self.invalidate_model([
            "budget_used", "budget_remaining", "budget_consumption",
            "usage_count", "usage_dealer_count", "usage_amount", "has_usage",
        ])
